"""Issue 15: the parts of public pages that are the same for every reader (the video page's body,
the video index's cards, the home page's lists, the header and footer) are rendered once per
generation of the content (resilience/fragments.py). What a reader sees must still be what is
true now: an embargo that ends or a video that expires with no one saving anything, a rendition
finished by a worker, the reader's own account and CSRF token.

The page cache is off here (its default in tests): these are the pages as rendered."""

import re
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.files import File
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from media_library import worker
from media_library.models import DownloadPreset, ProcessingStatus, VideoRendition
from resilience import content_cache
from resilience.cache import strict

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def video_page(asset):
    with override("fr"):
        return reverse("media_library_public:detail", args=[asset.video_id])


@pytest.fixture
def asset(make_asset, small_video, media_root, presets, home_pages):
    return make_asset(small_video, title="Convoi humanitaire", locale="fr")


def shows(path, title):
    response = Client().get(path)
    return response.status_code == 200 and title in response.content.decode()


def test_parts_are_remembered_for_anonymous_readers(asset, django_assert_max_num_queries):
    assert content_cache.active()  # CI runs the tests with Redis
    filtered = "/fr/videos/?after=01/01/2020&page=1"
    for path in (video_page(asset), "/fr/videos/", filtered):
        Client().get(path)
    with django_assert_max_num_queries(0):  # a remembered page reads nothing from the database
        assert shows(video_page(asset), "Convoi humanitaire")
        assert shows("/fr/videos/", "Convoi humanitaire")
        assert shows(filtered, "Convoi humanitaire")
    # Not remembered: a search, a parameter given twice (each rendered, each right).
    assert shows("/fr/videos/?q=convoi", "Convoi humanitaire")
    assert not shows("/fr/videos/?after=01/01/2020&after=01/01/2099", "Convoi humanitaire")


def test_a_video_whose_embargo_ends_shows_without_anyone_saving_it(asset):
    asset.go_live_at = timezone.now() + timedelta(seconds=2)
    asset.save()
    assert not shows("/fr/videos/", "Convoi humanitaire")
    assert not shows("/fr/", "Convoi humanitaire")
    assert Client().get(video_page(asset)).status_code == 404

    time.sleep(2.2)

    assert shows("/fr/videos/", "Convoi humanitaire")
    assert shows("/fr/", "Convoi humanitaire")
    assert shows(video_page(asset), "Convoi humanitaire")


def test_a_video_that_expires_goes_without_anyone_saving_it(asset):
    asset.expire_at = timezone.now() + timedelta(seconds=2)
    asset.save()
    assert shows("/fr/videos/", "Convoi humanitaire")
    assert shows(video_page(asset), "Convoi humanitaire")

    time.sleep(2.2)

    assert not shows("/fr/videos/", "Convoi humanitaire")
    assert not shows("/fr/", "Convoi humanitaire")
    assert Client().get(video_page(asset)).status_code == 404


def test_a_rendition_a_worker_finishes_plays_at_once(asset, small_video):
    assert "Cette vidéo est en préparation" in Client().get(video_page(asset)).content.decode()
    rendition = VideoRendition.objects.create(
        video=asset.video,
        preset=DownloadPreset.objects.get(slug="mp4-360p-web"),
        start=0,
        end=asset.video.duration,
        status=ProcessingStatus.PROCESSING,
        job_id="job-1",
    )
    with open(small_video, "rb") as handle:
        rendition.file.save("convoi-360p.mp4", File(handle), save=True)

    assert worker.publish(VideoRendition, rendition.pk, "job-1", size=rendition.file.size)

    page = Client().get(video_page(asset)).content.decode()
    assert "<source" in page
    assert "Cette vidéo est en préparation" not in page


def test_every_reader_gets_a_csrf_token_of_their_own_that_works(asset):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    tokens = [CSRF.findall(c.get(video_page(asset)).content.decode()) for c in (first, second)]
    assert tokens[0] and tokens[1]
    assert set(tokens[0]).isdisjoint(tokens[1])  # not the token of whoever came first
    subscribed = first.post(
        reverse("newsletter:subscribe"),
        {"csrfmiddlewaretoken": tokens[0][0], "email": "reader@example.org", "language": "fr"},
    )
    assert subscribed.status_code in (200, 302)  # not 403: the cookie goes with the token


def test_a_logged_in_reader_gets_their_own_panel_not_the_remembered_one(asset, django_user_model):
    anonymous = Client().get(video_page(asset)).content.decode()
    assert "Tout le monde peut regarder" in anonymous
    user = django_user_model.objects.create_user(email="j@example.org", password="x-Long-Pass-42!")
    reader = Client()
    reader.force_login(user)
    page = reader.get(video_page(asset)).content.decode()
    assert "Mon compte" in page  # the header's account link
    assert "Tout le monde peut regarder" not in page
    assert "Confirmez votre adresse e-mail pour télécharger" in page  # not confirmed yet


def test_a_deployment_starts_a_new_generation():
    before = content_cache.generation()
    call_command("migrate", verbosity=0)
    assert content_cache.generation() != before


def test_an_address_of_a_video_that_does_not_exist_keeps_nothing_in_redis(asset):
    redis = strict(cache)._cache.get_client()
    for missing in (asset.video_id + 1000, asset.video_id + 1001):
        with override("fr"):
            path = reverse("media_library_public:detail", args=[missing])
        assert Client().get(path).status_code == 404
        assert not redis.keys(f"*video-version:{missing}:*")
    Client().get(video_page(asset))
    assert redis.keys(f"*video-version:{asset.video_id}:*")  # what exists is remembered
