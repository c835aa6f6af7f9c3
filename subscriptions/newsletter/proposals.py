"""'Propose what was published since the last issue': live press releases and videos in the
issue's language, published after the previous sending in that language began."""

from django.apps import apps

from subscriptions.models import NewsletterIssue, Sending

# (block name in the issue's StreamField, model, value for the block)
SOURCES = [
    ("press_release", "news.PressReleasePage", lambda page: page),
    ("video", "media_library.VideoAsset", lambda asset: {"video": asset, "caption": ""}),
]
LIMIT = 20


def since(issue):
    previous = (
        Sending.objects.filter(issue__locale=issue.locale)
        .exclude(issue=issue)
        .order_by("-created_at")
        .first()
    )
    return previous.created_at if previous else None


def available_sources():
    block_names = set(NewsletterIssue._meta.get_field("items").stream_block.child_blocks)
    for block_name, model_label, to_value in SOURCES:
        try:
            model = apps.get_model(model_label)
        except LookupError:
            continue
        if block_name in block_names:
            yield block_name, model, to_value


def proposals(issue):
    """[(block name, object, block value)] not already in the issue, newest first."""
    start = since(issue)
    chosen = {(block.block_type, _object_id(block.value)) for block in issue.items}
    found = []
    for block_name, model, to_value in available_sources():
        # pages: live and not restricted; videos: VideoAsset's public() (embargo, expiry)
        queryset = model.objects.filter(live=True, locale=issue.locale).public()
        if start is not None:
            queryset = queryset.filter(first_published_at__gt=start)
        for item in queryset.order_by("-first_published_at")[:LIMIT]:
            if (block_name, item.pk) not in chosen:
                found.append((block_name, item, to_value(item)))
    return found


def _object_id(value):
    if hasattr(value, "pk"):
        return value.pk
    video = value.get("video") if hasattr(value, "get") else None
    return getattr(video, "pk", None)


def add_to_draft(issue, user, found):
    """Append the proposals to the issue's latest draft and save a new revision."""
    issue = issue.get_latest_revision_as_object()
    for block_name, _item, value in found:
        issue.items.append((block_name, value))
    issue.save_revision(user=user, log_action=True)
    if not issue.live:
        issue.save()
    return issue
