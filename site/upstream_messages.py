"""Messages of Wagtail and its add-ons that the portal translates itself: the project's
catalogue (site/locale, in LOCALE_PATHS) comes before the apps' ones. Listed here so that
makemessages keeps them.

- "Locale": Wagtail's French says "Région"; in this portal a locale is a language.
- Permission labels of Settings → Groups that Wagtail passes through gettext without a French
  translation: wagtail-localize's "Can submit translations", and the labels Wagtail shortens from
  a permission's name ("Can publish video" → "Can publish" in the video row).
- Generic labels whose French guesses a gender ("Ajouter un(e) %(model_name)s", "Nouvel(le) :
  %(model_name)s", "Modifier ce/cette %(object)s", "Choisir un(e) autre"): worded without one
  here; the portal's own viewsets give whole labels ("Ajouter une vidéo", common/admin_labels.py).
- "Submit to %(workflow_name)s": Wagtail's French puts a workflow's name mid-sentence with its
  capital ("Soumettre à Validation par les modérateurs"); here it is quoted.
"""

from django.utils.translation import gettext_lazy, gettext_noop

MESSAGES = [
    gettext_noop("Locale"),
    gettext_noop("locale"),
    gettext_noop("Can submit translations"),
    gettext_noop("Can publish"),
    gettext_noop("Can publish video"),  # (Wagtail shortens it by the model's English name only)
    gettext_noop("Can choose"),
    gettext_noop("Can lock"),
    gettext_noop("Can unlock"),
    gettext_noop("Add %(label)s"),
    gettext_noop("Add %(model_name)s"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("Edit this %(object)s"),
    gettext_noop("Choose another"),
    # "Soumettre à Validation par les modérateurs": the workflow's name quoted instead
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
    # wagtail-localize's "« … » a été publié(e)", without the gender guess
    gettext_noop("Published '{object}' in {locale}."),
    gettext_noop("Published '{object}' in {locale} with missing translations - see below."),
]


# Wagtail labels the collection and image permissions of Settings → Groups with gettext at import
# time, so they read in whichever language was active then (French in an English admin, or the
# reverse). The same labels, looked up at display time instead:
EAGER_PERMISSION_LABELS = {
    "wagtail.admin.forms.collections.GroupCollectionManagementPermissionFormSet": [
        ("add_collection", "Add", "Add collections"),
        ("change_collection", "Edit", "Edit collections"),
        ("delete_collection", "Delete", "Delete collections"),
    ],
    "wagtail.images.forms.GroupImagePermissionFormSet": [
        ("add_image", "Add", "Add/edit images you own"),
        ("change_image", "Edit", "Edit any image"),
        ("choose_image", "Choose", "Select images in choosers"),
    ],
}


def label_site_columns():
    """Settings → Sites heads three columns with their attribute's name in English ("Site name",
    "Root page", "Port"): they get the Site model's own (translated) field names."""
    from django.utils.text import capfirst
    from wagtail.models import Site
    from wagtail.sites.views import IndexView

    for column in IndexView.columns:
        if column.name in {"port", "site_name", "root_page"}:
            column.label = capfirst(Site._meta.get_field(column.name).verbose_name)


def translate_permission_labels_at_display():
    """Called once, from the portal's AppConfig.ready()."""
    from django.utils.module_loading import import_string

    for path, labels in EAGER_PERMISSION_LABELS.items():
        # The formset and its checkboxes share this list: replaced in place, both follow.
        import_string(path).permission_types[:] = [
            (codename, gettext_lazy(short), gettext_lazy(long)) for codename, short, long in labels
        ]
