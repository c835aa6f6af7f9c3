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


def two_anonymous_readers(middleware, path):
    """(request, response) of two anonymous readers of `path`, one after the other."""
    for _reader in range(2):
        request = RequestFactory().get(path)
        request.user = AnonymousUser()
        yield request, middleware(request)


def test_each_reader_of_a_cached_form_gets_their_own_csrf_token(settings):
    settings.PAGE_CACHE_VIEWS = {"form_page"}

    def view(request):
        request.resolver_match = ResolverMatch(view, (), {}, url_name="form_page")
        token = get_token(request)
        return HttpResponse(f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">')

    tokens = []
    for request, response in two_anonymous_readers(PageCacheMiddleware(view), "/fr/formulaire/"):
        token = response.content.decode().split('value="')[1].split('"')[0]
        assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]
        tokens.append((response["X-Page-Cache"], request.META["CSRF_COOKIE"]))
    assert [state for state, _ in tokens] == ["miss", "hit"]
    assert tokens[0][1] != tokens[1][1]


# --- Tracking parameters, and what a cached page costs --------------------------------------


def test_tracking_parameters_do_not_make_new_entries(client, make_release):
    make_release("Un communiqué suivi")
    first = client.get("/fr/communiques/?utm_source=lettre&utm_medium=email&utm_campaign=mai")
    assert first["X-Page-Cache"] == "miss"
    for tracked in (
        "/fr/communiques/",
        "/fr/communiques/?fbclid=IwAR0abc",
        "/fr/communiques/?gclid=Cj0KCQ&utm_content=bouton",
        "/fr/communiques/?msclkid=1f2e&mc_cid=42&mc_eid=7f&_ga=2.1.3&igshid=xyz",
    ):
        response = client.get(tracked)
        assert response["X-Page-Cache"] == "hit", tracked
        assert without_csrf_tokens(response.content) == without_csrf_tokens(first.content)


def test_other_parameters_still_give_their_own_page(client, make_release):
    from django.utils import timezone

    year = timezone.now().year
    make_release("Un communiqué de cette année")
    client.get("/fr/communiques/?utm_source=lettre")
    filtered = client.get(f"/fr/communiques/?year={year}&utm_source=lettre")
    assert filtered["X-Page-Cache"] == "miss"
    assert client.get(f"/fr/communiques/?year={year}")["X-Page-Cache"] == "hit"
    assert client.get(f"/fr/communiques/?year={year - 1}")["X-Page-Cache"] == "miss"


def test_a_page_reached_by_a_tracked_link_does_not_pass_the_tracking_on(client, make_release):
    """The stored page is the page of the address without them: no link in it carries them."""
    make_release("Un communiqué partagé")
    page = client.get("/fr/communiques/?utm_source=reseau&fbclid=abc").content.decode()
    assert "utm_source" not in page and "fbclid" not in page


def test_the_tracking_parameters_have_one_documented_home(settings):
    from portal.page_cache import is_tracking_parameter

    assert is_tracking_parameter("utm_source") and is_tracking_parameter("utm_anything")
    assert is_tracking_parameter("fbclid") and is_tracking_parameter("gclid")
    assert not is_tracking_parameter("page") and not is_tracking_parameter("year")
    settings.PAGE_CACHE_IGNORED_PARAMETERS = ["campagne"]
    assert is_tracking_parameter("campagne") and not is_tracking_parameter("utm_source")


@pytest.fixture
def redis_commands(monkeypatch):
    """Every command this process sends to Redis (the page cache's reads among them)."""
    import redis

    sent = []
    original = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return original(self, *args, **options)

    monkeypatch.setattr(redis.Redis, "execute_command", counting)
    return sent


def test_a_cached_page_costs_one_cache_read_and_no_query(
    client, make_release, redis_commands, django_assert_num_queries
):
    release = make_release("Un communiqué lu souvent")
    for path in ("/fr/", "/fr/communiques/", release.url, "/fr/communiques/?utm_source=x"):
        client.get(path)
        redis_commands.clear()
        with django_assert_num_queries(0):
            response = client.get(path)
        assert response["X-Page-Cache"] == "hit", path
        assert redis_commands == ["MGET"], (path, redis_commands)


def test_a_page_rendered_while_a_publication_empties_the_cache_is_not_served_after_it(
    settings,
):
    from portal.page_cache import purge

    settings.PAGE_CACHE_VIEWS = {"release"}
    texts = iter(["before the publication", "after the publication"])

    def view(request):
        request.resolver_match = ResolverMatch(view, (), {}, url_name="release")
        text = next(texts)
        if text == "before the publication":
            purge()  # an editor publishes while this reader's page is being rendered
        return HttpResponse(text)

    pages = []
    readers = two_anonymous_readers(PageCacheMiddleware(view), "/fr/communiques/un-communique/")
    for _request, response in readers:
        pages.append((response["X-Page-Cache"], response.content.decode()))
    assert pages == [("miss", "before the publication"), ("miss", "after the publication")]
