"""What Wagtail's two staff groups may do with the portal's own content, given by a data
migration (Wagtail creates "Editors" and "Moderators" with page, image and document permissions
only: an editor could not upload a video nor write a newsletter issue).

- Editors write: upload and edit videos (every collection), choose them in pages, edit topics,
  compose newsletter issues and read the subscribers list. They do not publish.
- Moderators also publish and delete videos and topics, publish, send and delete newsletter
  issues, import subscribers and watch the background jobs.

Translators' groups are `translators.groups`. Superusers hold everything.
"""

from translators.groups import permission

EDITORS, MODERATORS = "Editors", "Moderators"

# (app, model, codename, English name as Django would make it)
EDITOR_MODEL_PERMISSIONS = [
    ("news", "topic", "add_topic", "Can add topic"),
    ("news", "topic", "change_topic", "Can change topic"),
    ("subscriptions", "newsletterissue", "add_newsletterissue", "Can add newsletter issue"),
    ("subscriptions", "newsletterissue", "change_newsletterissue", "Can change newsletter issue"),
    ("subscriptions", "subscriber", "view_subscriber", "Can view subscriber"),
]
MODERATOR_MODEL_PERMISSIONS = EDITOR_MODEL_PERMISSIONS + [
    ("news", "topic", "delete_topic", "Can delete topic"),
    ("subscriptions", "newsletterissue", "publish_newsletterissue", "Can publish newsletter issue"),
    ("subscriptions", "newsletterissue", "send_newsletterissue", "Can send newsletter issues"),
    ("subscriptions", "newsletterissue", "delete_newsletterissue", "Can delete newsletter issue"),
    ("subscriptions", "subscriber", "import_subscriber", "Can import newsletter subscribers"),
    ("portal", "workerheartbeat", "monitor_jobs", "Can monitor and retry background jobs"),
]
# Videos are permitted per collection (held on the root collection: every collection).
EDITOR_VIDEO_PERMISSIONS = [
    ("add_videoasset", "Can add video"),
    ("change_videoasset", "Can change video"),
    ("choose_videoasset", "Can choose video"),
]
MODERATOR_VIDEO_PERMISSIONS = EDITOR_VIDEO_PERMISSIONS + [
    ("publish_videoasset", "Can publish video"),
    ("delete_videoasset", "Can delete video"),
]
GROUPS = {
    EDITORS: (EDITOR_MODEL_PERMISSIONS, EDITOR_VIDEO_PERMISSIONS),
    MODERATORS: (MODERATOR_MODEL_PERMISSIONS, MODERATOR_VIDEO_PERMISSIONS),
}


def ensure_press_office_groups(apps):
    """Give both groups (made by Wagtail's migrations; created if missing) their permissions;
    `apps` is a migration's registry or django.apps.apps."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root_collection = Collection.objects.filter(depth=1).first()
    for name, (model_permissions, video_permissions) in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*[permission(apps, *spec) for spec in model_permissions])
        if root_collection is None:
            continue
        for spec in video_permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=permission(apps, "media_library", "videoasset", *spec),
            )
