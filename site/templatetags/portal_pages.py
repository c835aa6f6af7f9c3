"""Pages the portal's settings point at, for templates shown on every page."""

from django import template
from django.utils.translation import get_language
from wagtail.models import Site

from home.models import PortalSettings
from resilience import content_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def accessibility_statement(context):
    """The accessibility statement in the reader's language (its own when untranslated), or
    None. Reads the portal's settings without creating them: a page view writes nothing (a
    settings row made on the fly would also empty the page cache)."""
    request = context.get("request")
    host = request.get_host() if request is not None else ""
    return content_cache.remember(
        f"accessibility-statement:{host}:{get_language()}", lambda: _statement(request)
    )


def _statement(request):
    site = Site.find_for_request(request) if request is not None else None
    found = (
        PortalSettings.objects.filter(site=site).select_related("accessibility_page").first()
        if site is not None
        else None
    )
    page = found.accessibility_page if found else None
    if page is None or not page.live:
        return None
    return page.localized
