"""Two language trees, a switcher that follows the page, and `/` in the browser's language."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("en-GB,en;q=0.9,fr;q=0.5", "/en/"), ("fr-CH, fr;q=0.9", "/fr/"), ("de-DE", "/fr/")],
)
def test_root_sends_visitors_to_the_language_their_browser_prefers(
    client, home_pages, accept_language, expected
):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    ("path", "language", "other", "title"),
    [("/fr/", "fr", "en", "Portail média"), ("/en/", "en", "fr", "Media portal")],
)
def test_each_home_page_renders_in_its_language_with_alternates_and_switcher(
    client, home_pages, path, language, other, title
):
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    assert f"<h1>{title}</h1>" in html
    assert re.search(r'<link rel="alternate" hreflang="fr" href="http://testserver/fr/">', html)
    assert re.search(r'<link rel="alternate" hreflang="en" href="http://testserver/en/">', html)
    assert f'<a href="/{other}/" hreflang="{other}" lang="{other}">' in html
    assert f'<span aria-current="true" lang="{language}">' in html


def test_switcher_leads_to_the_translation_of_the_current_page(
    client, home_pages, django_capture_on_commit_callbacks
):
    from home.models import HomePage
    from portal.demo.translation import translate

    french_child = home_pages["fr"].add_child(
        instance=HomePage(title="Sous-page", slug="sous-page", locale=home_pages["fr"].locale)
    )
    french_child.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        english_child = translate(french_child, home_pages["en"].locale, {"Sous-page": "Sub-page"})

    html = client.get("/fr/sous-page/").content.decode()
    assert f'<a href="{english_child.url}" hreflang="en"' in html
    assert english_child.url.startswith("/en/")
    assert "<h1>Sub-page</h1>" in client.get(english_child.url).content.decode()


def test_switcher_falls_back_to_the_other_home_when_no_translation_exists(client, home_pages):
    from home.models import HomePage

    only_french = home_pages["fr"].add_child(
        instance=HomePage(title="Seulement", slug="seulement", locale=home_pages["fr"].locale)
    )
    only_french.save_revision().publish()
    html = client.get("/fr/seulement/").content.decode()
    assert '<a href="/en/" hreflang="en" lang="en">English</a>' in html
    assert 'hreflang="en" href=' not in html  # no alternate announced for a missing translation


@pytest.mark.parametrize(
    ("path", "lang", "heading"),
    [
        ("/fr/nexiste-pas/", "fr", "Page introuvable"),
        ("/en/does-not-exist/", "en", "Page not found"),
    ],
)
def test_missing_pages_answer_404_in_the_visitors_language(client, home_pages, path, lang, heading):
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert heading in html


@pytest.mark.parametrize(
    ("language", "heading"),
    [("fr", "Une erreur s’est produite de notre côté"), ("en", "Something went wrong on our side")],
)
def test_server_error_page_exists_in_both_languages(language, heading):
    with translation.override(language):
        html = render_to_string("500.html")
    assert f'<html lang="{language}">' in html
    assert heading in html
