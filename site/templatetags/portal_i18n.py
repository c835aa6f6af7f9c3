"""Links between the language versions of what the visitor is looking at."""

import re
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page, Site

from media_library.topics import get_topic_model
from resilience import content_cache

register = template.Library()
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    is_translation: bool  # False when it leads to that language's home for want of a translation


@register.simple_tag(takes_context=True)
def language_links(context):
    """One link per language: the translation of the current page, or that language's home.

    For pages outside Wagtail (accounts, videos) the same path in the other language; a view
    showing something that exists in some languages only (a video page) lists them in
    `available_languages`, and the others lead to their home.
    """
    request = context.get("request")
    page = context.get("page")
    current = get_language()
    if isinstance(page, Page):
        return _links_for_page(request, page, current)
    codes = {code for code, name in settings.LANGUAGES}
    available = context.get("available_languages") or codes
    homes = {} if codes <= set(available) else _homes(request)
    links = []
    for code, name in settings.LANGUAGES:
        if code in available:
            url = _same_view_in(request, code)
        else:
            url = _home_url(request, homes, code)
        links.append(LanguageLink(code, name, url, code == current, code in available))
    return links


def _same_view_in(request, code):
    """The current path in another language, with its query in that language too."""
    if request is None:
        return f"/{code}/"
    return _with_query(translate_url(request.path, code), request, code)


def _with_query(url, request, code):
    """`url` with the current query string, translated: the `next` destination (accounts) and
    the `topic` filter (news and video lists: `?topic=climat` becomes `?topic=climate`)."""
    if request is None or not request.GET:
        return url
    query = request.GET.copy()
    if query.get("next", "").startswith("/"):
        query["next"] = translate_url(query["next"], code)
    if query.get("topic"):
        query["topic"] = _topic_slug_in(query["topic"], code)
    return f"{url}?{query.urlencode()}"


def _topic_slug_in(slug, code):
    """The slug of the same topic in language `code` (unchanged when there is none)."""
    current = get_language()
    if code == current or not SLUG.fullmatch(slug):  # not a slug: no topic has it
        return slug

    def translate():
        topics = get_topic_model().objects
        keys = topics.filter(slug=slug, locale__language_code=current).values("translation_key")
        translated = topics.filter(translation_key__in=keys, locale__language_code=code)
        return translated.values_list("slug", flat=True).first() or slug

    return content_cache.remember(f"topic-slug:{current}:{code}:{slug}", translate)


def _links_for_page(request, page, current):
    if page.pk is None or getattr(request, "is_preview", False):  # an editor's draft
        translations = _versions(page)
    else:
        translations = content_cache.remember(f"versions:{page.pk}", lambda: _versions(page))
    homes = _homes(request)
    links = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        is_translation = target is not None
        if is_translation:
            url = _with_query(target.get_url(request), request, code)
        else:
            url = _home_url(request, homes, code)
        links.append(LanguageLink(code, name, url, code == current, is_translation))
    return links


def _versions(page):
    """{language code: the live, public version of `page` in that language}."""
    return {
        translation.locale.language_code: translation
        for translation in page.get_translations(inclusive=True)
        .live()
        .public()
        .select_related("locale")
    }


def _home_url(request, homes, code):
    home = homes.get(code)
    return home.get_url(request) if home is not None else f"/{code}/"


def _homes(request):
    """{language code: that language's home page} of the request's site."""
    host = request.get_host() if request else ""
    return content_cache.remember(f"homes:{host}", lambda: _find_homes(request))


def _find_homes(request):
    site = (
        Site.find_for_request(request)
        if request
        else Site.objects.filter(is_default_site=True).first()
    )
    if site is None:
        return {}
    return {
        home.locale.language_code: home
        for home in site.root_page.get_translations(inclusive=True).live().select_related("locale")
    }
