"""What a press release page shows besides its own fields: worked out once per generation of
the content (resilience/content_cache.py), in a fixed number of queries."""

from common.translations import in_locale
from news.topics import Topic
from resilience import content_cache


def release_context(release, request):
    """The context (never remembered in a preview: an editor's draft)."""
    if getattr(request, "is_preview", False):
        context = _context(release)
    else:
        context = content_cache.remember(f"release:{release.pk}", lambda: _context(release))
    index = context.pop("index")
    return {**context, "index_url": index.get_url(request)}


def _context(release):
    release_model = type(release)  # the release's own model
    topics = [link.topic for link in release.topic_links.select_related("topic")]
    related_ids = [link.release_id for link in release.related_links.all()]
    published = {
        page.pk: page
        for page in release_model.objects.live()
        .public()
        .filter(pk__in=related_ids)
        .defer_streamfields()
    }
    related = [published[pk] for pk in related_ids if pk in published]  # embargoed ones left out
    return {
        "topics": in_locale(topics, Topic.objects.all(), release.locale_id),
        "related_releases": in_locale(
            related,
            release_model.objects.live().public().defer_streamfields(),
            release.locale_id,
        ),
        "other_versions": list(release.get_translations().live().public().select_related("locale")),
        "index": release.get_parent(),
    }
