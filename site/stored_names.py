"""Names stored as data that the admin shows in the staff member's language.

Wagtail's migrations create the groups "Editors" and "Moderators", the collection and the page
"Root" and the workflow and task "Moderators approval"; ours create the translator groups; Django
names every permission "Can add video", "Can change video"... in English when it migrates. Wagtail
shows these names in dozens of templates, listings, choosers, breadcrumbs, e-mails and messages,
always by reading the model field (`group.name`, `perm.name`, `str(collection)`).

So the translation happens where every one of those screens reads the name: the field's
attribute. The value stays what is stored (saved, compared, searched, ordered as it is, and the
same for every language), but displaying it (`str()`, templates, `%`-formatting) gives the text
in the active language, from the project's catalogue. Saving, serializing (revisions) and form
inputs read the stored value; a form sending a known name's translation ("Rédacteurs") stores the
name itself ("Editors"). A name that staff type themselves is shown as typed.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db.models.query_utils import DeferredAttribute
from django.utils.translation import gettext, gettext_noop, override
from django.utils.translation import gettext_lazy as _
from wagtail.models import Collection, Locale, Page, Task, Workflow

from translators.rules import GROUPS

# The names the portal's setup stores (Wagtail's migrations, translators' groups).
STORED_NAMES = frozenset(
    [
        gettext_noop("Editors"),
        gettext_noop("Moderators"),
        gettext_noop("Moderators approval"),
        gettext_noop("Root"),
        *GROUPS.values(),  # marked for the catalogue in translators.rules
    ]
)

# Django's permission names ("Can add video"), rebuilt with the model's translated name.
DEFAULT_PERMISSION_LABELS = {
    "add": gettext_noop("Can add %(model_name)s"),
    "change": gettext_noop("Can change %(model_name)s"),
    "delete": gettext_noop("Can delete %(model_name)s"),
    "view": gettext_noop("Can view %(model_name)s"),
    # Wagtail's, built the same way for models with a draft state or locking.
    "publish": gettext_noop("Can publish %(model_name)s"),
    "lock": gettext_noop("Can lock %(model_name)s"),
    "unlock": gettext_noop("Can unlock %(model_name)s"),
}


class DisplayedName(str):
    """A stored name (its value as a string) that reads in the active language when displayed."""

    def __new__(cls, stored, displayed):
        name = super().__new__(cls, stored)
        name.displayed = displayed  # called at display time, in the language active then
        return name

    def __str__(self):
        return str(self.displayed())

    def __format__(self, spec):
        return format(str(self), spec)

    def __reduce__(self):  # copies and pickles keep the stored value
        return str, (str.__str__(self),)


def displayed(name):
    """`name` as stored, reading in the active language if it is a known stored name."""
    return DisplayedName(name, lambda: gettext(name)) if name in STORED_NAMES else name


class StoredTitleInLogMessage:
    """Wraps one of Wagtail's history formatters whose message quotes a title kept in the log
    entry's data ("Copied for translation from Root"), so that a stored name reads translated."""

    def __init__(self, formatter):
        self.formatter = formatter

    def __getattr__(self, name):
        return getattr(self.formatter, name)

    def format_message(self, log_entry):
        source = (log_entry.data or {}).get("source") or {}
        if "title" in source:  # (the entry is only read here: this changes no stored data)
            source["title"] = displayed(source["title"])
        return self.formatter.format_message(log_entry)


def _stored(value):
    """The stored form of a name a form sends back: a known name's translation is the name."""
    if value is None:
        return value
    value = str.__str__(value) if isinstance(value, str) else value
    return _translations().get(value, value)


def _translations():
    if not hasattr(_translations, "table"):
        from django.conf import settings

        table = {}
        for code, _label in settings.LANGUAGES:
            with override(code):
                table.update({gettext(name): name for name in STORED_NAMES})
        _translations.table = table
    return _translations.table


class _NameAttribute(DeferredAttribute):
    """The attribute of a stored-name field: displayed translated, stored as it was."""

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None or value not in STORED_NAMES or not self.is_setup_data(instance):
            return value
        return displayed(value)

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = _stored(value)

    def is_setup_data(self, instance):
        return True


class _RootPageTitleAttribute(_NameAttribute):
    """Only the tree's root page is setup data: any other page's title is the editors' own."""

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = (
            str.__str__(value) if isinstance(value, DisplayedName) else value
        )

    def is_setup_data(self, instance):
        return instance.__dict__.get("depth") == 1


def _permission_label(permission, name):
    """Django's default label in the active language; a custom permission through the catalogue."""
    action = permission.codename.split("_", 1)[0]
    model = ContentType.objects.get_for_id(permission.content_type_id).model_class()
    if (
        action in DEFAULT_PERMISSION_LABELS
        and model is not None
        and permission.codename == f"{action}_{model._meta.model_name}"
    ):
        return gettext(DEFAULT_PERMISSION_LABELS[action]) % {"model_name": model._meta.verbose_name}
    return gettext(name)


class _PermissionNameAttribute(DeferredAttribute):
    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None or value is None:
            return value
        return DisplayedName(value, lambda: _permission_label(instance, value))

    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = (
            str.__str__(value) if isinstance(value, DisplayedName) else value
        )


def _read_stored(field):
    """Saving, serializing (revisions, fixtures) and form fields read the field's stored value,
    never its display: a revision made in French must not store "Racine" as the root's title."""
    attname = field.attname

    def stored_value(instance, *args, **kwargs):  # (pre_save also gets `add`)
        getattr(instance, attname)  # loads a deferred value
        value = instance.__dict__[attname]
        return str.__str__(value) if isinstance(value, DisplayedName) else value

    field.value_from_object = stored_value
    field.pre_save = stored_value


def _display_str(field_name):
    def __str__(self):
        return str(getattr(self, field_name))  # str() of a DisplayedName is its translation

    return __str__


def install():
    """Called once, from the portal's AppConfig.ready()."""
    for model, field_name, attribute in [
        (Group, "name", _NameAttribute),
        (Collection, "name", _NameAttribute),
        (Workflow, "name", _NameAttribute),
        (Task, "name", _NameAttribute),
        (Page, "title", _RootPageTitleAttribute),
        (Page, "draft_title", _RootPageTitleAttribute),
    ]:
        field = model._meta.get_field(field_name)
        setattr(model, field_name, attribute(field))
        _read_stored(field)
        if field_name != "draft_title":
            # Their __str__ returns the attribute itself, which `%`-formatting would read raw.
            model.__str__ = _display_str(field_name)
    Permission.name = _PermissionNameAttribute(Permission._meta.get_field("name"))
    _read_stored(Permission._meta.get_field("name"))
    # Wagtail's Locale has no verbose name: Settings → Groups titled its row "Locale" in English.
    Locale._meta.verbose_name = _("language")
    Locale._meta.verbose_name_plural = _("languages")
