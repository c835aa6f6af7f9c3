"""The page cache: anonymous readers get stored pages, and a publication empties it at once."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.test import RequestFactory
from django.urls import ResolverMatch

from portal.page_cache import PageCacheMiddleware

pytestmark = pytest.mark.django_db


def without_csrf_tokens(content):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    from portal.page_cache import purge

    settings.PAGE_CACHE_SECONDS = 300
    purge()


def test_anonymous_readers_get_the_stored_page(client, news_site):
    first = client.get("/fr/communiques/")
    second = client.get("/fr/communiques/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert without_csrf_tokens(first.content) == without_csrf_tokens(second.content)
    assert second["Content-Type"].startswith("text/html")


def test_a_publication_shows_at_once_on_index_home_and_feed(client, make_release):
    make_release("Premier communiqué")
    for path in ("/fr/communiques/", "/fr/", "/fr/communiques/feed/"):
        client.get(path)
        assert client.get(path)["X-Page-Cache"] == "hit"
    make_release("Communiqué tout frais")
    for path in ("/fr/communiques/", "/fr/", "/fr/communiques/feed/"):
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss", path
        assert "Communiqué tout frais" in response.content.decode(), path


def test_an_unpublished_release_disappears_at_once(client, make_release):
    release = make_release("Bientôt retiré")
    assert client.get(release.url).status_code == 200
    assert client.get(release.url)["X-Page-Cache"] == "hit"
    release.unpublish()
    assert client.get(release.url).status_code == 404
    assert "Bientôt retiré" not in client.get("/fr/communiques/").content.decode()


def test_renaming_a_topic_shows_at_once(client, make_release, news_site):
    make_release(topics=["climate"])
    assert "Climat" in client.get("/fr/communiques/").content.decode()
    topic = news_site["topics"]["climate"]
    topic.name = "Climat et biodiversité"
    topic.save()
    assert "Climat et biodiversité" in client.get("/fr/communiques/").content.decode()


def test_saving_something_no_page_shows_keeps_the_cache(client, news_site):
    from django.utils import timezone

    from portal.models import WorkerHeartbeat

    client.get("/fr/communiques/")
    WorkerHeartbeat.objects.create(queue="default", last_seen=timezone.now())  # every minute
    assert client.get("/fr/communiques/")["X-Page-Cache"] == "hit"


def test_logged_in_users_and_searches_are_never_served_from_the_cache(
    client, news_site, django_user_model
):
    assert "X-Page-Cache" not in client.get("/fr/communiques/?q=eau")
    assert "X-Page-Cache" not in client.get("/fr/communiques/?q=eau")
    user = django_user_model.objects.create_user(email="lecteur@example.org", password="x")
    client.force_login(user)
    client.get("/fr/communiques/")
    assert "X-Page-Cache" not in client.get("/fr/communiques/")


def test_each_reader_of_a_cached_form_gets_their_own_csrf_token(settings):
    settings.PAGE_CACHE_VIEWS = {"form_page"}

    def view(request):
        request.resolver_match = ResolverMatch(view, (), {}, url_name="form_page")
        token = get_token(request)
        return HttpResponse(f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">')

    middleware = PageCacheMiddleware(view)
    tokens = []
    for _reader in range(2):
        request = RequestFactory().get("/fr/formulaire/")
        request.user = AnonymousUser()
        response = middleware(request)
        token = response.content.decode().split('value="')[1].split('"')[0]
        assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
        tokens.append((response["X-Page-Cache"], request.META["CSRF_COOKIE"]))
    assert [state for state, _ in tokens] == ["miss", "hit"]
    assert tokens[0][1] != tokens[1][1]
