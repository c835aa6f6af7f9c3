"""nginx in front of gunicorn, MEDIA_SERVE_METHOD=x-accel: Django checks a download, nginx
sends the bytes (Range included); the protected video folders are never served directly."""

import json

import pytest
from django.conf import settings
from django.core.files import File

from media_library.encoding import probe
from media_library.models import ProcessingStatus, VideoFile, VideoRendition
from tests.media_library.videos import make_video

from .conftest import PORTS, download_link, http_get

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]


@pytest.fixture
def stored_rendition(tmp_path, public_video, presets):
    """A public video on local disk with a ready full-length rendition (its original's copy)."""
    settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
    path = make_video(tmp_path / "press conference.mp4", seconds=2)
    video = VideoFile(original_filename=path.name, **probe.probe(path).as_fields())
    with open(path, "rb") as handle:
        video.file.save(path.name, File(handle), save=False)
        video.save()
        rendition = VideoRendition(
            video=video, preset=presets["original"], start=0, end=video.duration
        )
        rendition.file.save("press-conference-original.mp4", File(handle), save=False)
    rendition.status = ProcessingStatus.READY
    rendition.size = rendition.file.size
    rendition.save()
    public_video(video)
    return rendition


def test_a_range_of_a_download_is_sent_by_nginx(
    start_portal, production_environment, journalist, stored_rendition
):
    start_portal(production_environment(settings.MEDIA_ROOT))
    data = stored_rendition.file.read()
    link = download_link(stored_rendition, journalist)
    headers = {"Cookie": journalist.cookie, "Range": "bytes=100-1099"}

    # Straight from gunicorn: Django checked the link, then handed the file to nginx.
    status, answer, body = http_get(PORTS["web"], link, headers)
    assert status == 200 and body == b""
    assert answer["X-Accel-Redirect"] == "/protected-media/" + stored_rendition.file.name

    # Through nginx: the bytes asked for, by nginx, named for the journalist's disk.
    status, answer, body = http_get(PORTS["nginx"], link, headers)
    assert status == 206
    assert answer["Content-Range"] == f"bytes 100-1099/{len(data)}"
    assert body == data[100:1100]
    assert "X-Accel-Redirect" not in answer
    assert answer["Content-Disposition"].startswith("attachment;")
    assert answer["Server"].startswith("nginx")

    status, _, body = http_get(PORTS["nginx"], link, {"Cookie": journalist.cookie})
    assert status == 200 and body == data


def test_the_protected_folders_are_refused(start_portal, production_environment, stored_rendition):
    start_portal(production_environment(settings.MEDIA_ROOT))
    public = settings.MEDIA_ROOT / "images" / "poster.jpg"
    public.parent.mkdir(parents=True, exist_ok=True)
    public.write_bytes(b"a public picture")
    assert http_get(PORTS["nginx"], "/media/images/poster.jpg")[:3:2] == (200, b"a public picture")

    original = stored_rendition.video.file.name
    rendition = stored_rendition.file.name
    assert (settings.MEDIA_ROOT / original).exists() and (settings.MEDIA_ROOT / rendition).exists()
    for name in (original, rendition):
        folder, file_name = name.rsplit("/", 1)
        tries = [
            f"/media/{name}",
            f"/protected-media/{name}",  # internal: only through X-Accel-Redirect
            f"/media//{name}",
            f"/media/images/../{name}",
            f"/media/{folder.replace('videos', 'vid%65os')}/{file_name}",
        ]
        for path in tries:
            status, _, body = http_get(PORTS["nginx"], path.replace(" ", "%20"))
            assert status == 404, path
            assert not body.startswith(stored_rendition.file.open("rb").read(16))


def test_health_answers_through_nginx(start_portal, production_environment):
    start_portal(production_environment(settings.MEDIA_ROOT))
    status, _, body = http_get(PORTS["nginx"], "/healthz")
    report = json.loads(body)
    assert status == 200, report
    assert report["database"] is True and report["redis"] is True
