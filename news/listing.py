"""The public news index: filters (year, topic), search in the reader's language, pages."""

from django.core.paginator import Paginator

from common.alphabet import alphabetically
from common.search import in_order_of, search
from news.topics import Topic

RELEASES_PER_PAGE = 10
MAX_SEARCH_HITS = 1000


def release_listing(index_page, request):
    """The context of the index for this request. Bad filter values are ignored, never a 500."""
    releases = index_page.releases().defer_streamfields()
    release_model = releases.model  # the index's own release model
    years = [date.year for date in releases.dates("release_date", "year", order="DESC")]
    topics = alphabetically(Topic.objects.filter(locale_id=index_page.locale_id))

    year = _whole_number(request.GET.get("year"))
    if year not in years:
        year = None
    if year is not None:
        releases = releases.filter(release_date__year=year)

    topic = next((t for t in topics if t.slug == request.GET.get("topic")), None)
    if topic is not None:
        releases = releases.filter(
            pk__in=release_model.objects.filter(
                topic_links__topic__translation_key=topic.translation_key
            ).values("pk")
        )

    query = request.GET.get("q", "").strip()[:200]
    if query:  # most relevant first, in the index's language (common/search.py)
        searched = release_model.objects.live().filter(locale_id=index_page.locale_id).only("pk")
        language = index_page.locale.language_code
        ranked = [hit.pk for hit in search(query, searched, language)[:MAX_SEARCH_HITS]]
        releases = releases.filter(pk__in=ranked).order_by(in_order_of(ranked))

    return {
        "releases": Paginator(releases, RELEASES_PER_PAGE).get_page(request.GET.get("page")),
        "years": years,
        "topics": topics,
        "selected_year": year,
        "selected_topic": topic,
        "query": query,
        "is_filtered": bool(year or topic or query),
        "feed_url": index_page.feed_url(),
        "topic_feed_url": index_page.feed_url(topic) if topic else None,
    }


def _whole_number(raw):
    try:
        return int(raw)
    except (TypeError, ValueError):
        return None
