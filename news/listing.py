"""The public news index: filters (year, topic), search in the reader's language, pages.

The year list, the topic list and the number of releases of each filter are remembered for
the content's generation (resilience/content_cache.py): they would otherwise read the whole
archive on every request, and a publish or unpublish renews them for the next reader."""

from functools import partial

from django.core.paginator import Paginator
from django.utils.functional import cached_property

from common.alphabet import alphabetically
from common.search import in_order_of, search
from news.topics import Topic
from resilience import content_cache

RELEASES_PER_PAGE = 10
MAX_SEARCH_HITS = 1000


class CountedPaginator(Paginator):
    """A paginator told the number of items rather than counting them itself."""

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self):
        return self._count()


def release_listing(index_page, request):
    """The context of the index for this request. Bad filter values are ignored, never a 500."""
    releases = index_page.releases().defer_streamfields()
    release_model = releases.model  # the index's own release model
    years = content_cache.remember(
        f"release-years:{index_page.pk}",
        lambda: [date.year for date in releases.dates("release_date", "year", order="DESC")],
    )
    topics = content_cache.remember(
        f"topics:{index_page.locale_id}",
        lambda: alphabetically(Topic.objects.filter(locale_id=index_page.locale_id)),
    )

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
        count = releases.count  # a search's count is bounded by MAX_SEARCH_HITS
    else:
        name = f"release-count:{index_page.pk}:{year}:{topic.pk if topic else None}"
        count = partial(content_cache.remember, name, releases.count)

    return {
        "releases": CountedPaginator(releases, RELEASES_PER_PAGE, count).get_page(
            request.GET.get("page")
        ),
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
