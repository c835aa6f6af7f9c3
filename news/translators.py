"""The `Translators` group: what a translator needs to translate and publish, nothing more.

They reach the admin, start translations (wagtail-localize), edit and publish pages (no adding
of new pages, no deleting, moving or locking) and edit topics (to translate the vocabulary).
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupPagePermission, Page

TRANSLATORS_GROUP = "Translators"
MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("wagtail_localize", "submit_translation"),
    ("news", "change_topic"),
]
PAGE_PERMISSIONS = ["change_page", "publish_page"]


def ensure_translators_group_after_migrate(sender, **kwargs):
    """post_migrate receiver. The signal is sent once per app: the group is made after the
    last one, when every permission exists."""
    if sender is list(apps.get_app_configs())[-1]:
        ensure_translators_group()


def ensure_translators_group():
    """Create or complete the group; idempotent (run after every migrate and by the demo)."""
    group, _ = Group.objects.get_or_create(name=TRANSLATORS_GROUP)
    for app_label, codename in MODEL_PERMISSIONS:
        permission = Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()
        if permission is None and codename == "submit_translation":
            permission = _submit_translation_permission()
        if permission is not None:
            group.permissions.add(permission)
    root = Page.get_first_root_node()
    if root is not None:
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=root,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    return group


def _submit_translation_permission():
    """wagtail-localize creates this permission in a migration, not from a model: a flushed
    database (transactional tests) lacks it. Made again the way that migration makes it."""
    content_type, _ = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    return permission


def is_only_translator(user):
    """A translator and nothing more (editors may belong to the group too)."""
    if user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return names == {TRANSLATORS_GROUP}
