"""Plain content pages, and the terms of use chosen once in the portal's settings."""

import pytest

from portal.demo.home import ensure_terms_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def terms(home_pages, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return ensure_terms_pages(home_pages)


@pytest.mark.parametrize(
    ("path", "heading", "sentence"),
    [
        ("/fr/conditions-d-utilisation/", "Conditions d’utilisation", "mention de crédit"),
        ("/en/terms-of-use/", "Terms of use", "credit line"),
    ],
)
def test_terms_of_use_are_published_in_both_languages(client, terms, path, heading, sentence):
    html = client.get(path).content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert sentence in html


@pytest.mark.parametrize(
    ("language", "terms_url", "label"),
    [
        ("fr", "/fr/conditions-d-utilisation/", "Lire les conditions d’utilisation"),
        ("en", "/en/terms-of-use/", "Read the terms of use"),
    ],
)
def test_sign_up_links_to_the_terms_in_the_readers_language(
    client, terms, language, terms_url, label
):
    html = client.get(f"/{language}/accounts/signup/").content.decode()
    assert f'<a href="{terms_url}" target="_blank" rel="noopener">{label}' in html


def test_language_switch_on_an_account_page_keeps_the_destination_in_the_new_language(
    client, home_pages
):
    html = client.get("/fr/accounts/login/?next=/fr/actualites/").content.decode()
    assert 'href="/en/accounts/login/?next=%2Fen%2Factualites%2F"' in html


def test_every_page_has_an_icon_and_favicon_ico_leads_to_it(client, terms):
    from django.contrib.staticfiles import finders

    html = client.get("/en/terms-of-use/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"] == "/static/img/favicon.svg"
    with open(finders.find("img/favicon.svg"), encoding="utf-8") as icon:
        assert icon.read().startswith("<svg")
