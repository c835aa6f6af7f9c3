"""On a one-machine portal (DEBUG) media files are served with HTTP Range, so players can seek."""

import pytest
from django.http import Http404
from django.test import RequestFactory

from portal.views import media_file


@pytest.fixture
def clip(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "videos").mkdir()
    path = tmp_path / "videos" / "clip.mp4"
    path.write_bytes(bytes(range(256)) * 40)  # 10,240 bytes
    return path


def body(response):
    return b"".join(response.streaming_content)


def test_a_player_gets_the_byte_range_it_asks_for(clip):
    request = RequestFactory().get("/media/videos/clip.mp4", HTTP_RANGE="bytes=1000-1099")
    response = media_file(request, "videos/clip.mp4")
    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 1000-1099/10240"
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == clip.read_bytes()[1000:1100]
    assert response["Content-Disposition"].startswith("inline")


def test_the_whole_file_announces_that_ranges_are_accepted(clip):
    response = media_file(RequestFactory().get("/media/videos/clip.mp4"), "videos/clip.mp4")
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == clip.read_bytes()


@pytest.mark.parametrize("path", ["../../etc/passwd", "videos/missing.mp4", "videos"])
def test_nothing_outside_media_root_and_no_missing_file_is_served(clip, path):
    with pytest.raises(Http404):
        media_file(RequestFactory().get("/media/x"), path)
