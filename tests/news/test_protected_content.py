"""Pages and documents protected by a shared password (Wagtail's Privacy option) cannot be
guessed at: their password forms count every try with the log-in's rate limits (issue 11)."""

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

SECRET = "Embargo-Cle-2026"
TOO_MANY = {"en": "Too many requests", "fr": "Trop de demandes"}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The rate limits live in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def protected_page(make_release):
    release = make_release("Communiqué sous embargo")
    restriction = PageViewRestriction.objects.create(
        page=release, restriction_type=PageViewRestriction.PASSWORD, password=SECRET
    )
    return release, restriction


def try_page_password(client, release, restriction, password, language="fr", ip="198.51.100.7"):
    url = f"/{language}/_util/authenticate_with_password/{restriction.pk}/{release.pk}/"
    return client.post(
        url,
        {"password": password, "return_url": release.url},
        REMOTE_ADDR=ip,
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_the_form_posts_to_the_throttled_address(client, protected_page):
    release, restriction = protected_page
    page = client.get(release.url)
    assert page.status_code == 200
    assert f"/_util/authenticate_with_password/{restriction.pk}/{release.pk}/" in page.text


def test_the_right_password_opens_the_page(client, protected_page):
    release, restriction = protected_page
    try_page_password(client, release, restriction, "wrong")
    response = try_page_password(client, release, restriction, SECRET)
    assert response.status_code == 302
    assert "Communiqué sous embargo" in client.get(release.url).text


@pytest.mark.parametrize("language", ["fr", "en"])
def test_wrong_passwords_are_limited_and_then_even_the_right_one_is_refused(
    client, protected_page, language
):
    release, restriction = protected_page
    for attempt in range(10):
        response = try_page_password(client, release, restriction, f"guess-{attempt}", language)
        assert response.status_code == 200  # the form again, "incorrect password"
    response = try_page_password(client, release, restriction, SECRET, language)
    assert response.status_code == 429
    assert TOO_MANY[language] in response.text
    assert "Communiqué sous embargo" not in client.get(release.url).text
    # Another client is not blocked by the first one's guesses.
    other = try_page_password(client, release, restriction, SECRET, language, ip="198.51.100.8")
    assert other.status_code == 302


def test_protected_documents_are_limited_too(client, db):
    collection = Collection.get_first_root_node().add_child(name="Dossiers de presse")
    document = get_document_model().objects.create(
        title="Dossier", collection=collection, file=ContentFile(b"%PDF-1.4 dossier", "dossier.pdf")
    )
    restriction = CollectionViewRestriction.objects.create(
        collection=collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password=SECRET,
    )
    url = reverse("wagtaildocs_authenticate_with_password", args=[restriction.pk])
    for attempt in range(10):
        response = client.post(url, {"password": f"guess-{attempt}", "return_url": document.url})
        assert response.status_code == 200
    assert b"%PDF" not in client.get(document.url).content
    response = client.post(url, {"password": SECRET, "return_url": document.url})
    assert response.status_code == 429
    refused = client.get(document.url)
    assert b"%PDF" not in refused.content  # the password form, not the file
    assert "password" in refused.text.lower()
