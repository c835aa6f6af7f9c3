"""The two translator groups and the permissions they hold, made by a data migration (and again
by the demo and the tests, whose database may have been emptied since).

Each holds the same permissions; `translators.rules` narrows them to the group's language and to
translations. Model permissions are created here when missing: on a new database Django makes
them only after the last migration.
"""

from translators.rules import GROUPS

MODEL_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"),
    ("wagtail_localize", "translation", "submit_translation", "Can submit translations"),
    ("news", "topic", "change_topic", "Can change topic"),
    ("subscriptions", "newsletterissue", "change_newsletterissue", "Can change newsletter issue"),
    ("subscriptions", "newsletterissue", "publish_newsletterissue", "Can publish newsletter issue"),
    # wagtail-localize's editor asks for these model-wide; the video screens ask the collection
    # permissions below. Neither reaches an original: translators.rules decides per version.
    ("media_library", "videoasset", "change_videoasset", "Can change video"),
    ("media_library", "videoasset", "publish_videoasset", "Can publish video"),
]
# Held on the root of the page tree (every language's tree) and of the collections.
PAGE_PERMISSIONS = [("change_page", "Can edit any page"), ("publish_page", "Can publish any page")]
VIDEO_PERMISSIONS = [
    ("change_videoasset", "Can change video"),
    ("publish_videoasset", "Can publish video"),
]


def permission(apps, app_label, model, codename, name):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label=app_label, model=model
    )
    found, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return found


def ensure_translator_groups(apps):
    """Create or complete both groups; `apps` is a migration's registry or django.apps.apps."""
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    model_permissions = [permission(apps, *spec) for spec in MODEL_PERMISSIONS]
    page_permissions = [permission(apps, "wagtailcore", "page", *spec) for spec in PAGE_PERMISSIONS]
    video_permissions = [
        permission(apps, "media_library", "videoasset", *spec) for spec in VIDEO_PERMISSIONS
    ]
    groups = []
    for name in GROUPS.values():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*model_permissions)
        if root_page is not None:
            for held in page_permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=held
                )
        if root_collection is not None:
            for held in video_permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=held
                )
        groups.append(group)
    return groups
