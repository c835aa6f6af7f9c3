"""An embargoed release (scheduled with go_live_at) is nowhere public before its time, in either
language, and everywhere once the scheduler has published it."""

import datetime
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from .conftest import english_strings

pytestmark = pytest.mark.django_db

TITLES = {"fr": "Communiqué sous embargo", "en": "Embargoed release"}


def public_places(release, english):
    """Every public place a release can appear, per language, with the word to look for."""
    return [
        ("/fr/communiques/", TITLES["fr"]),
        ("/fr/communiques/?q=embargo", TITLES["fr"]),
        ("/fr/communiques/?topic=climat", TITLES["fr"]),
        ("/fr/communiques/feed/", TITLES["fr"]),
        ("/fr/communiques/feed/climat/", TITLES["fr"]),
        ("/fr/", TITLES["fr"]),
        ("/en/news/", TITLES["en"]),
        ("/en/news/?q=embargoed", TITLES["en"]),
        ("/en/news/?topic=climate", TITLES["en"]),
        ("/en/news/feed/", TITLES["en"]),
        ("/en/news/feed/climate/", TITLES["en"]),
        ("/en/", TITLES["en"]),
        ("/sitemap-pages.xml", f"<loc>{release.full_url}</loc>"),
        ("/sitemap-pages.xml", f"<loc>{english.full_url}</loc>"),
    ]


@pytest.fixture
def embargoed(make_release):
    release = make_release(
        TITLES["fr"],
        topics=["climate"],
        go_live_at=timezone.now().replace(microsecond=0) + datetime.timedelta(hours=1),
        translation={**english_strings(), TITLES["fr"]: TITLES["en"]},
    )
    release.refresh_from_db()
    english = release.get_translations().get().specific
    return release, english


def test_an_embargoed_release_and_its_translation_are_scheduled_not_live(embargoed):
    release, english = embargoed
    assert not release.live and not english.live
    assert english.go_live_at == release.go_live_at
    assert english.latest_revision.approved_go_live_at == release.go_live_at


def test_an_embargoed_release_is_absent_everywhere_in_both_languages(client, embargoed, settings):
    settings.PAGE_CACHE_SECONDS = 300
    release, english = embargoed
    for path, text in public_places(release, english):
        response = client.get(path)
        assert response.status_code == 200, path
        assert text not in response.content.decode(), path
    assert client.get(release.url).status_code == 404
    assert client.get(english.url).status_code == 404


def test_at_its_time_the_release_appears_everywhere_at_once(client, embargoed, settings):
    settings.PAGE_CACHE_SECONDS = 300
    release, english = embargoed
    for path, _text in public_places(release, english):
        client.get(path)  # the page cache now holds every page without the release

    later = timezone.now() + datetime.timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        call_command("publish_scheduled")

    for path, text in public_places(release, english):
        assert text in client.get(path).content.decode(), path
    assert client.get(release.url).status_code == 200
    assert client.get(english.url).status_code == 200


def test_an_embargoed_release_is_not_shown_as_related_either(client, embargoed, make_release):
    release, _english = embargoed
    live = make_release("Communiqué public", related=[release])
    html = client.get(live.url).content.decode()
    assert TITLES["fr"] not in html
    assert "Communiqués liés" not in html
