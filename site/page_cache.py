"""A page cache for anonymous readers, emptied whenever anything public changes.

Why this design: public pages (home, news index, releases, feeds, sitemap) depend on many pages
at once, and the press office publishes a few times a day. So every cached page belongs to one
*generation*, and any publish, unpublish, move or deletion (including the scheduled publishing
that ends an embargo, run by `publish_scheduled` in a worker) starts a new generation: the next
reader gets a fresh page at once, and no embargoed page can linger in the cache. Entries live in
Django's cache (Redis in production, shared by every gunicorn worker), with a time limit as a
safety net. wagtail-cache was the alternative; it is not released for Wagtail 8, and this is one
small module.

Tracking parameters (PAGE_CACHE_IGNORED_PARAMETERS: `utm_*`, `fbclid`, `gclid`, ...) never make
a new entry: the middleware takes them off the request before the key is made and the page is
rendered, so `/fr/?utm_source=x` is served the page of `/fr/` and no link on it passes them on.
Analytics read them in the reader's browser, from the address bar, which keeps them.

A cached page costs one round trip to Redis (an MGET of the generation and the page, which
carries the generation it was rendered in) and no SQL query.

Only anonymous GET requests without a session cookie and without a search query are served from
the cache, and only successful responses from the views in PAGE_CACHE_VIEWS that set no cookie
(but Django's CSRF cookie) are stored. Forms on cached pages (the newsletter box in the footer)
keep working: the CSRF token is stored as a placeholder and each reader gets their own token,
and cookie, when the page is served. Set PAGE_CACHE_SECONDS=0 to turn the cache off.

While Redis is away pages are neither served from nor stored in the cache (the readers get
fresh pages from the database), and a purge is recorded in the outbox (resilience/outbox.py): the
generation moves on as soon as Redis answers again, before any page of the old one is served.
"""

import fnmatch
import time
from urllib.parse import unquote_plus

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpResponse, QueryDict
from django.middleware.csrf import CsrfViewMiddleware
from redis.exceptions import RedisError
from wagtail.contrib.settings.models import BaseSiteSetting

from media_library.models import VideoFile, VideoRendition
from media_library.worker import work_published
from resilience import content_cache, outbox
from resilience.cache import available, strict
from resilience.fragments import CSRF_PLACEHOLDER, with_csrf_token, without_csrf_token

GENERATION_KEY = "page-cache:generation"
UNCACHED_PARAMETERS = {"q"}  # searches: unbounded variety, and cheap to keep fresh
KEPT_HEADERS = {"content-type", "content-language", "x-frame-options", "vary", "last-modified"}


def cache_seconds():
    return settings.PAGE_CACHE_SECONDS


def is_tracking_parameter(name):
    """Whether a query parameter is one of PAGE_CACHE_IGNORED_PARAMETERS (`*` as a wildcard)."""
    return any(
        fnmatch.fnmatchcase(name, pattern) for pattern in settings.PAGE_CACHE_IGNORED_PARAMETERS
    )


def drop_tracking_parameters(request):
    """Take the tracking parameters off the request's query, the others left as they came."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    parts = query.split("&")
    kept = [p for p in parts if not is_tracking_parameter(unquote_plus(p.split("=", 1)[0]))]
    if len(kept) != len(parts):
        request.META["QUERY_STRING"] = "&".join(kept)
        request.GET = QueryDict(request.META["QUERY_STRING"])


def purge(**kwargs):
    """Forget every page cached so far: now, or as soon as Redis answers (the outbox)."""
    if cache_seconds() <= 0:
        return
    try:
        start_new_generation()
    except RedisError:
        outbox.call(start_new_generation)


def start_new_generation():
    """Raises RedisError while Redis is away (the outbox then keeps the purge for later)."""
    pages = strict(cache)
    try:
        pages.incr(GENERATION_KEY)
    except ValueError:
        pages.set(GENERATION_KEY, fresh_generation(), timeout=None)


def fresh_generation():
    """A generation no page stored so far belongs to, even if Redis lost the counter."""
    return time.time_ns()


class PageCacheMiddleware:
    """Placed after the locale and bad-input middleware, before the CSRF, authentication and
    messages middleware (settings): a stored page is answered without them, but for the CSRF
    cookie, which it sets with Django's own CSRF middleware."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.csrf = CsrfViewMiddleware(get_response)

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        drop_tracking_parameters(request)
        key = self._key(request)
        found = cache.get_many([GENERATION_KEY, key])  # one round trip
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = self._start_counting()
        stored = found.get(key)
        if stored is not None and stored[0] == generation and available(cache):
            # never a page from the fallback, nor from an earlier generation
            return self._replay(request, *stored[1:])
        response = self.get_response(request)
        if available(cache) and self._may_store(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS]
            content = without_csrf_token(response.content)
            entry = (generation, response.status_code, headers, content)
            cache.set(key, entry, cache_seconds())
            response["X-Page-Cache"] = "miss"
        return response

    def _replay(self, request, status, headers, content):
        if CSRF_PLACEHOLDER.encode() in content:
            self.csrf.process_request(request)  # the reader's CSRF cookie, if they have one
            content = with_csrf_token(content, request)
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return self.csrf.process_response(request, response)  # sets the cookie if new

    def _start_counting(self):
        generation = fresh_generation()
        if not cache.add(GENERATION_KEY, generation, timeout=None):
            generation = cache.get(GENERATION_KEY)  # another process was first
        return generation

    def _may_use_cache(self, request):
        return (
            cache_seconds() > 0
            and available(cache)
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES  # a message to show
            and not UNCACHED_PARAMETERS.intersection(request.GET)
        )

    def _may_store(self, request, response):
        match = request.resolver_match
        return (
            response.status_code == 200
            and match is not None
            and match.view_name in settings.PAGE_CACHE_VIEWS
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
            and not settings.CSRF_USE_SESSIONS
            and not getattr(response, "streaming", False)
            and "private" not in response.get("Cache-Control", "")
            and not getattr(request, "is_preview", False)
            and not request.user.is_authenticated
        )

    def _key(self, request):
        return f"page-cache:{request.get_host()}:{request.get_full_path()}"


def content_changed(**kwargs):
    """Public content changed: what pages work out from it is worked out again
    (resilience/content_cache.py) and the cached pages are forgotten."""
    content_cache.renew()
    purge()


def connect_signals():
    """Empty the caches when public content changes, in whichever process changes it."""
    from django.db.models.signals import post_delete, post_migrate, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{signal!r}")
    post_delete.connect(_purge_for_page, dispatch_uid="page_cache_page_deleted")
    post_save.connect(_purge_for_model, dispatch_uid="page_cache_model_saved")
    post_delete.connect(_purge_for_model, dispatch_uid="page_cache_model_deleted")
    work_published.connect(_purge_for_media_work, dispatch_uid="page_cache_media_work")
    post_migrate.connect(_purge_after_migrate, dispatch_uid="page_cache_migrated")


def _purge_after_migrate(sender, **kwargs):
    # A deployment runs `migrate`: pages and results remembered by the code before it (its
    # templates, the shape of what it remembered) are never served by the code after it.
    if sender.label == "portal":
        content_changed()


def _purge_for_page(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        content_changed()


def _purge_for_model(sender, instance=None, created=False, **kwargs):
    # Models shown on public pages besides pages (topics, videos, site settings). Not every
    # snippet: a newsletter subscription must not empty the cache. A site's settings row that
    # Wagtail creates when a page first reads it holds the defaults pages already show.
    if sender._meta.label not in settings.PAGE_CACHE_PURGED_BY:
        return
    if sender.__module__ == "__fake__":  # a migration's model: the database is being set up
        return
    if created and isinstance(instance, BaseSiteSetting):
        return
    content_changed()


def _purge_for_media_work(sender, pk, **kwargs):
    # A video's poster and strip, or a full-length rendition (the player's source, the download
    # panel's sizes); not a journalist's clip, which no public page shows.
    if sender is VideoFile or (
        sender is VideoRendition and VideoRendition.objects.full_length().filter(pk=pk).exists()
    ):
        content_changed()
