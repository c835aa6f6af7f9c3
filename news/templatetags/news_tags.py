"""Press releases on other pages: the home page's latest releases, feed links, sharing meta."""

from django import template
from django.conf import settings
from django.utils.translation import get_language

from news.models import NewsIndexPage, PressReleasePage
from resilience import content_cache

register = template.Library()

OPEN_GRAPH_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def _news_index(request):
    """The news index of the reader's language, looked up once per request."""
    language = get_language()
    cached = getattr(request, "_news_indexes", None)
    if cached is None:
        cached = {}
        if request is not None:
            request._news_indexes = cached
    if language not in cached:
        cached[language] = content_cache.remember(
            f"news-index:{language}",
            lambda: NewsIndexPage.objects.live().filter(locale__language_code=language).first(),
        )
    return cached[language]


@register.inclusion_tag("news/tags/latest_releases.html", takes_context=True)
def latest_releases(context, count=5):
    """The newest published releases in the reader's language (the home page's section)."""
    language = get_language()
    releases = (
        PressReleasePage.objects.live()
        .public()
        .filter(locale__language_code=language)
        .defer_streamfields()
        .order_by("-release_date")[:count]
    )
    return {
        "releases": content_cache.remember(
            f"latest-releases:{language}:{count}", lambda: list(releases)
        ),
        "news_index": _news_index(context.get("request")),
        "request": context.get("request"),
    }


@register.inclusion_tag("news/includes/feed_links.html", takes_context=True)
def news_feed_links(context, topic=None):
    """`<link rel="alternate">` to the RSS feed of the reader's language (and of a topic)."""
    page = context.get("page")
    news_index = page if isinstance(page, NewsIndexPage) else _news_index(context.get("request"))
    if news_index is None:
        return {}
    return {
        "request": context.get("request"),
        "news_index": news_index,
        "feed_url": news_index.feed_url(),
        "topic": topic,
        "topic_feed_url": news_index.feed_url(topic) if topic else None,
    }


@register.inclusion_tag("news/includes/release_meta.html", takes_context=True)
def release_meta(context, page):
    """Open Graph and Twitter card tags of a press release."""
    request = context["request"]
    language = page.locale.language_code
    sharing = page.social_image.get_rendition("fill-1200x630") if page.social_image else None
    return {
        "sharing": sharing,
        "sharing_url": request.build_absolute_uri(sharing.url) if sharing else None,
        "page": page,
        "topics": context.get("topics", []),
        "url": page.get_full_url(request),
        "site_name": settings.PORTAL_NAME,
        "og_locale": OPEN_GRAPH_LOCALES.get(language, language),
        "og_alternates": [
            OPEN_GRAPH_LOCALES.get(version.locale.language_code, version.locale.language_code)
            for version in context.get("other_versions", [])
        ],
    }


@register.inclusion_tag("news/tags/nav_item.html", takes_context=True)
def news_nav_item(context):
    """The main navigation's link to the news index of the reader's language."""
    request = context.get("request")
    return {"news_index": _news_index(request), "request": request}
