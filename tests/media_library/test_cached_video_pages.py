"""The page cache keeps the library's public pages too, and empties itself when the worker
publishes what they show (a poster, a full-length rendition), not for a journalist's clip."""

import pytest

from media_library.models import ProcessingStatus, VideoRendition
from media_library.worker import publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    from portal.page_cache import purge

    settings.PAGE_CACHE_SECONDS = 300
    purge()


def published_by_the_worker(rendition, name):
    """What render_rendition does once its file is stored: the worker's own publish."""
    VideoRendition.objects.filter(pk=rendition.pk).update(
        status=ProcessingStatus.PROCESSING, job_id="job-under-test"
    )
    assert publish(VideoRendition, rendition.pk, "job-under-test", file=name, size=1000)


def test_the_video_index_and_a_video_page_are_served_from_the_cache(
    client, make_asset, small_video, presets
):
    asset = make_asset(small_video, title="Le port à l’aube")
    for path in ("/fr/videos/", f"/fr/videos/{asset.video_id}/", "/en/videos/"):
        first = client.get(path)
        assert first.status_code == 200, path
        assert first["X-Page-Cache"] == "miss", path
        assert client.get(path)["X-Page-Cache"] == "hit", path
    assert "Le port à l’aube" in client.get("/fr/videos/").content.decode()


def test_a_full_length_rendition_published_by_the_worker_shows_at_once(
    client, make_asset, small_video, presets
):
    asset = make_asset(small_video, title="Le port à l’aube")
    page = f"/fr/videos/{asset.video_id}/"
    client.get(page)
    assert client.get(page)["X-Page-Cache"] == "hit"
    assert "/watch/light/" not in client.get(page).content.decode()  # nothing to play yet

    published_by_the_worker(
        asset.get_rendition(presets["mp4-360p-web"]), "videos/renditions/x/clip.mp4"
    )
    response = client.get(page)
    assert response["X-Page-Cache"] == "miss"
    assert f'src="/fr/videos/{asset.video_id}/watch/light/"' in response.content.decode()


def test_a_journalists_clip_keeps_the_cache(client, make_asset, small_video, presets):
    asset = make_asset(small_video, title="Le port à l’aube")
    page = f"/fr/videos/{asset.video_id}/"
    client.get(page)
    clip = asset.video.get_rendition(presets["mp4-360p-web"], start=0, end=1)
    published_by_the_worker(clip, "videos/renditions/x/part.mp4")
    assert client.get(page)["X-Page-Cache"] == "hit"
