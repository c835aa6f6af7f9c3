"""The page an address leads to, remembered for the content's generation.

Wagtail finds the page of `/fr/communiques/un-communique/` by reading the site, the home page,
its version in the reader's language and each page on the way down, a query or two per level
(issue 15: most of a release's queries). Which page a host, language and path lead to changes
only when pages are published, unpublished, moved or deleted, which start a new generation of
the content (resilience/content_cache.py). So this middleware remembers, per generation, the
site, the page itself (and what is left of the path for a routable page, e.g. a news index's
`feed/`) and gives them to Wagtail, which then serves the page as usual, view restrictions
checked by its own hook.
"""

from django.http import Http404
from django.utils.translation import get_language
from wagtail.models import Page, Site

from resilience import content_cache


class CachedRouteMiddleware:
    """Also reads the content's generation once for a whole GET request (content_cache)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):  # a publish may happen in this request
            return self.get_response(request)
        with content_cache.reading():
            return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not hasattr(request, "_wagtail_site"):  # the site of every view's page links
            request._wagtail_site = content_cache.remember(
                f"site:{request.get_host()}", lambda: Site.find_for_request(request)
            )
        match = request.resolver_match
        if match is None or match.url_name != "wagtail_serve":
            return None
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        name = f"page-route:{request.get_host()}:{get_language()}:{path}"
        found = content_cache.remember(name, lambda: _route(request, path))
        if found is None or hasattr(request, "_wagtail_route_for_request"):
            return None  # Wagtail answers (a 404), or has just found the page itself
        site, page, restrictions, remaining = found
        # Wagtail's own check of view restrictions (its `on_serve_page` hook) reads them here
        # rather than in two queries; saving a restriction starts a new generation.
        page.get_view_restrictions = lambda: restrictions
        request._wagtail_site = site
        try:
            request._wagtail_route_for_request = page.route(request, remaining)
        except Http404:
            request._wagtail_route_for_request = None
        return None


def _route(request, path):
    """(site, the page, its view restrictions, the rest of the path) as Wagtail routes `path`.
    The page is remembered as it is live (with its language): a publish, unpublish, move or
    deletion starts a new generation, so what is remembered is never older than what is
    public."""
    result = Page.route_for_request(request, path)  # Wagtail keeps it on the request
    if result is None:
        return None
    page = result[0]
    page.locale  # noqa: B018 (read now, remembered with the page)
    site = request._wagtail_site
    components = [component for component in path.split("/") if component]
    consumed = page.depth - site.root_page.depth
    return site, page, list(page.get_view_restrictions()), components[consumed:]
