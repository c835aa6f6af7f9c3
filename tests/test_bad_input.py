"""Hostile input never makes a 500: NUL bytes, over-long values, invalid UTF-8 and repeated or
array-style parameters, in the query of every public URL and in every field of every public
form, both languages, on the database the suite runs on (PostgreSQL in CI: it refuses NUL in
text, which was the 500 of finding 6).

The URLs come from the URL resolver (every public pattern, its arguments filled from the content
below) and from the page tree (one page of each type in each language); the parameters are those
the portal's views read, those in the pages' links and those of the pages' forms.
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from tests.news.conftest import english_strings, make_release, news_site  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

LANGUAGES = ("fr", "en")
NOT_PUBLIC = ("admin/", "django-admin/", "anymail/", "media/")
# Every parameter a public view reads (grep request.GET / request.POST) and the usual suspects.
KNOWN_PARAMETERS = ["q", "page", "topic", "year", "next", "download", "summary", "export"]
# Already-encoded values, sent as they are.
NUL = "ab%00cd"
HOSTILE_VALUES = {
    "nul": NUL,
    "over-long": "9" * 5000 + quote("é" * 5000),
    "invalid-utf8": "%FF%FE%C3%28%ED%A0%80",
    "control": "%01%1B%7F",
}


class FormsAndLinks(HTMLParser):
    """The query parameters of a page's links, and its forms (method, action, field names)."""

    def __init__(self):
        super().__init__()
        self.link_parameters = set()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "?" in (attrs.get("href") or ""):
            query = urlsplit(attrs["href"]).query
            self.link_parameters.update(name for name, _ in parse_qsl(query))
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.forms.append({"method": method, "action": attrs.get("action"), "fields": {}})
        elif tag in ("input", "select", "textarea", "button") and self.forms and attrs.get("name"):
            self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value") or "")


@pytest.fixture
def content(request, django_capture_on_commit_callbacks, tmp_path, settings):
    """A translated press release with topics, the demo newsletter, a published video in both
    languages with a rendition, a subscriber."""
    from django.core.files import File
    from wagtail.models import Locale

    from media_library.encoding import probe
    from media_library.models import DownloadPreset, VideoAsset, VideoFile, VideoRendition
    from portal.demo import newsletter
    from subscriptions.models import Subscriber
    from subscriptions.newsletter import tokens
    from tests.media_library.videos import make_video

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT, "base_url": "/media/"},
        },
    }
    release = request.getfixturevalue("make_release")  # the news tests' (imported above)
    release(topics=["climate"], translation=english_strings())
    with django_capture_on_commit_callbacks(execute=True):
        newsletter.load()
    path = make_video(tmp_path / "clip.mp4", seconds=2)
    video = VideoFile(original_filename=path.name, **probe.probe(path).as_fields())
    with open(path, "rb") as handle:
        video.file.save(path.name, File(handle), save=False)
    video.save()
    french = VideoAsset.objects.create(
        title="Vidéo", video=video, locale=Locale.objects.get(language_code="fr"), live=True
    )
    english = french.copy_for_translation(Locale.objects.get(language_code="en"))
    english.title = "Video"
    english.save()
    preset = DownloadPreset.objects.first()
    rendition = VideoRendition.objects.create(video=video, preset=preset, start=0, end=1)
    subscriber = Subscriber.objects.create(
        email="reader@example.org", status=Subscriber.Status.SUBSCRIBED
    )
    return {
        "video_id": video.pk,
        "slug": "video",
        "preset": preset.slug,
        "role": "main",  # the player's versions are found by role
        "rendition_id": rendition.pk,
        "section": "pages",  # the sitemap index's one section
        "token": tokens.make(subscriber, tokens.MANAGE),
        "restriction_id": 1,
        "page_view_restriction_id": 1,
        "page_id": 1,
        "language": "en",
        "extension": "vtt",
    }


def routes(patterns, prefix=""):
    """(route, language) of every pattern, the language prefix filled in both languages."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if isinstance(pattern.pattern, LocalePrefixPattern):
                for language in LANGUAGES:
                    for route, _ in routes(pattern.url_patterns, f"{prefix}{language}/"):
                        yield route, language
            else:
                yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), None


def public_urls(samples):
    urls = set()
    for route, language in routes(get_resolver().url_patterns):
        if route.startswith(NOT_PUBLIC) or route.endswith("((?:[\\w\\-]+/)*)$"):
            continue  # the staff's, the webhooks (tests/newsletter), and Wagtail's pages (below)
        if route.startswith("documents/^"):
            route = "documents/1/x.pdf"
        missing = [name for name in re.findall(r"<(?:\w+:)?(\w+)>", route) if name not in samples]
        assert not missing, f"no sample value for {missing} in {route}: add one to `content`"
        url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(samples[m[1]]), route)  # re_path
        url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(samples[m[1]]), url).replace("\\.", ".")
        urls.add(("/" + url.lstrip("^").rstrip("$"), language or "fr"))
    return urls


def page_urls():
    """One live page of each type in each language."""
    from wagtail.models import Page

    seen, urls = set(), set()
    for page in Page.objects.live().filter(depth__gt=1).specific().order_by("path"):
        key = (type(page), page.locale.language_code)
        if key not in seen:
            seen.add(key)
            urls.add((page.url, page.locale.language_code))
    return urls


def request(client, method, url, query="", body="", language="fr"):
    path = f"{url}?{query}" if query else url
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    if method == "post":
        return client.generic(
            "POST", path, body, content_type="application/x-www-form-urlencoded", **headers
        )
    return client.generic("GET", path, **headers)


def hostile_queries(names, value):
    """All the names at once with the value, then repeated and array-style."""
    yield "&".join(f"{name}={value}" for name in names)
    yield "&".join(f"{name}={value}&{name}=1&{name}%5B%5D={value}" for name in names)


def test_no_public_url_or_parameter_answers_500(content):
    client = Client(raise_request_exception=False)  # a 500 is counted, not raised
    urls = public_urls(content) | page_urls()
    assert len(urls) > 40
    failures, requests_made = [], 0

    def check(method, url, language, query="", body=""):
        nonlocal requests_made
        requests_made += 1
        response = request(client, method, url, query, body, language)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} {method.upper()} {url}?{query} {body[:80]}")
        return response

    for url, language in sorted(urls):
        page = check("get", url, language)
        parser = FormsAndLinks()
        if page.get("Content-Type", "").startswith("text/html"):
            parser.feed(page.content.decode(errors="replace"))
        names = sorted(set(KNOWN_PARAMETERS) | parser.link_parameters)
        check("get", url.rstrip("/") + f"/{NUL}/", language)  # in the path
        for value in HOSTILE_VALUES.values():
            for query in hostile_queries(names, value):
                check("get", url, language, query)
        for name in parser.link_parameters:  # each parameter the page uses, on its own
            check("get", url, language, f"{name}={NUL}")
        for form in parser.forms:
            action, fields = form["action"] or url, form["fields"]
            for value in HOSTILE_VALUES.values():
                for query in hostile_queries(sorted(fields), value):
                    if form["method"] == "get":
                        check("get", action, language, query)
                    else:
                        check("post", action, language, body=query)
            if form["method"] == "post":
                for name in fields:  # one field hostile, the others as the page gave them
                    others = [f"{n}={quote(v)}" for n, v in fields.items() if n != name]
                    body = "&".join([f"{name}={HOSTILE_VALUES['over-long']}", *others])
                    check("post", action, language, body=body)
    assert not failures, f"{len(failures)} of {requests_made} requests failed:\n" + "\n".join(
        failures[:40]
    )


def test_a_nul_byte_gets_a_clear_400_page_in_the_readers_language(client, content):
    for language, words in (("en", "Bad request"), ("fr", "Requête incorrecte")):
        for url in (f"/{language}/news/?q=%00", f"/{language}/videos/?topic=%00"):
            response = request(client, "get", url.split("?")[0], url.split("?")[1], "", language)
            assert response.status_code == 400, url
            assert words in response.content.decode()
    with translation.override("en"):
        assert request(client, "get", "/en/videos/", "q=press").status_code == 200
