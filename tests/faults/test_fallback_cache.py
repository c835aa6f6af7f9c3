"""The database's cache answers only for the outage it was written in.

Found in the full run (CI, 2026-12-03): a video page gave 404 during an outage because the
fallback table still held Wagtail's site root paths written during an earlier outage, for a
home page that no longer existed. In production the same happens to any site change made
between two outages: Redis saw the change and dropped its copy, the fallback table did not."""

import time

import pytest
from django.core.cache import cache, caches
from django.test import override_settings
from wagtail.models import Site

from portal.reconcile import reconcile

from .conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fallback_cache(own_redis):
    caches = {
        "default": {
            "BACKEND": "resilience.cache.RedisWithFallbackCache",
            "LOCATION": own_redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1, "RETRY_AFTER": 1},
        }
    }
    with override_settings(CACHES=caches):
        cache.clear()
        yield cache


def come_back(own_redis):
    own_redis.start()
    time.sleep(1.1)  # RETRY_AFTER: this process tries Redis again
    wait_for(cache.available, timeout=10, message="the cache never used Redis again")


def root_urls():
    return {path.root_url for path in Site.get_site_root_paths()}


def test_a_site_changed_between_two_outages_is_seen_in_the_second(
    home_pages, own_redis, fallback_cache
):
    assert root_urls() == {"http://localhost"}

    own_redis.stop()
    assert root_urls() == {"http://localhost"}  # worked out, kept in the database's cache
    come_back(own_redis)

    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "press.example.org", 443
    site.save()  # Wagtail drops its copy of the root paths, from Redis
    assert root_urls() == {"https://press.example.org"}

    own_redis.stop()
    assert root_urls() == {"https://press.example.org"}


def test_nothing_written_during_an_outage_is_read_in_the_next(own_redis, fallback_cache):
    own_redis.stop()
    cache.set("press-office:key", "outage one", 3600)
    assert cache.get("press-office:key") == "outage one"
    come_back(own_redis)
    assert cache.get("press-office:key") is None  # Redis never had it
    own_redis.stop()
    assert cache.get("press-office:key") is None


def test_the_reconcile_pass_empties_what_a_process_dead_in_an_outage_left(
    own_redis, fallback_cache
):
    dead = caches.create_connection("default")  # a process killed during the outage
    own_redis.stop()
    dead.set("press-office:key", "outage one", 3600)
    own_redis.start()

    assert reconcile()["fallback cache"] is True

    started_later = caches.create_connection("default")  # never saw the first outage
    own_redis.stop()
    assert started_later.get("press-office:key") is None
    assert reconcile()["fallback cache"].startswith("Redis is away")
