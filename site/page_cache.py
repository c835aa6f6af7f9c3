"""A page cache for anonymous readers, emptied whenever anything public changes.

Why this design: public pages (home, news index, releases, feeds, sitemap) depend on many pages
at once, and the press office publishes a few times a day. So every cached page belongs to one
*generation*, and any publish, unpublish, move or deletion (including the scheduled publishing
that ends an embargo, run by `publish_scheduled` in a worker) starts a new generation: the next
reader gets a fresh page at once, and no embargoed page can linger in the cache. Entries live in
Django's cache (Redis in production, shared by every gunicorn worker), with a time limit as a
safety net. wagtail-cache was the alternative; it is not released for Wagtail 8, and this is one
small module.

Only anonymous GET requests without a session cookie and without a search query are served from
the cache, and only successful responses from the views in PAGE_CACHE_VIEWS that set no cookie
(but Django's CSRF cookie) are stored. Forms on cached pages (the newsletter box in the footer)
keep working: the CSRF token is stored as a placeholder and each reader gets their own token,
and cookie, when the page is served. Set PAGE_CACHE_SECONDS=0 to turn the cache off.

While Redis is away pages are neither served from nor stored in the cache (the readers get
fresh pages from the database), and a purge is recorded in the outbox (resilience/outbox.py): the
generation moves on as soon as Redis answers again, before any page of the old one is served.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from redis.exceptions import RedisError
from wagtail.contrib.settings.models import BaseSiteSetting

from resilience import content_cache, outbox
from resilience.cache import available, strict

GENERATION_KEY = "page-cache:generation"
UNCACHED_PARAMETERS = {"q"}  # searches: unbounded variety, and cheap to keep fresh
CSRF_PLACEHOLDER = b"page-cache-csrf-token-placeholder"
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
KEPT_HEADERS = {"content-type", "content-language", "x-frame-options", "vary", "last-modified"}


def cache_seconds():
    return settings.PAGE_CACHE_SECONDS


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
        pages.set(GENERATION_KEY, 1, timeout=None)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        key = self._key(request)
        stored = cache.get(key)
        if stored is not None and available(cache):  # never a page from the fallback
            status, headers, content = stored
            if CSRF_PLACEHOLDER in content:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if available(cache) and self._may_store(request, response):
            headers = [(k, v) for k, v in response.items() if k.lower() in KEPT_HEADERS]
            content = CSRF_INPUT.sub(rb"\1" + CSRF_PLACEHOLDER + rb"\2", response.content)
            cache.set(key, (response.status_code, headers, content), cache_seconds())
            response["X-Page-Cache"] = "miss"
        return response

    def _may_use_cache(self, request):
        return (
            cache_seconds() > 0
            and available(cache)
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not UNCACHED_PARAMETERS.intersection(request.GET)
        )

    def _may_store(self, request, response):
        match = request.resolver_match
        return (
            response.status_code == 200
            and match is not None
            and match.url_name in settings.PAGE_CACHE_VIEWS
            and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
            and not settings.CSRF_USE_SESSIONS
            and not getattr(response, "streaming", False)
            and "private" not in response.get("Cache-Control", "")
            and not getattr(request, "is_preview", False)
            and not request.user.is_authenticated
        )

    def _key(self, request):
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            generation = 0
            cache.add(GENERATION_KEY, generation, timeout=None)
        return f"page-cache:{generation}:{request.get_host()}:{request.get_full_path()}"


def content_changed(**kwargs):
    """Public content changed: what pages work out from it is worked out again
    (resilience/content_cache.py) and the cached pages are forgotten."""
    content_cache.renew()
    purge()


def connect_signals():
    """Empty the caches when public content changes, in whichever process changes it."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(content_changed, dispatch_uid=f"page_cache_{signal!r}")
    post_delete.connect(_purge_for_page, dispatch_uid="page_cache_page_deleted")
    post_save.connect(_purge_for_model, dispatch_uid="page_cache_model_saved")
    post_delete.connect(_purge_for_model, dispatch_uid="page_cache_model_deleted")


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
