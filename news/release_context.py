"""What a press release page shows besides its own fields: worked out once per generation of
the content (resilience/content_cache.py), in a fixed number of queries."""

from common.translations import in_locale
from news.topics import Topic
from resilience import content_cache


def release_context(release, request):
    """The context, and `content_generation` for the template's fragment cache (None in a
    preview: an editor's draft is never cached)."""
    if getattr(request, "is_preview", False):
        context, generation = _context(release), None
    else:
        name = f"release:{release.pk}"
        context = content_cache.remember(name, lambda: _context(release))
        generation = content_cache.generation()
    index = context.pop("index")
    return {**context, "index_url": index.get_url(request), "content_generation": generation}


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
