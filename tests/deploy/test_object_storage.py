"""Media in an S3 bucket (moto's standalone server): a worker with no MEDIA_ROOT at all renders
a clip from the original in the bucket, and the download through nginx and gunicorn redirects
to a signed URL of the bucket that works. (moto serves signed URLs without checking their
signature, so a forged one is not tested here.)"""

import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from media_library.encoding import probe
from media_library.models import ProcessingStatus, VideoFile
from tests.conftest import PROJECT_DIR
from tests.media_library.videos import ffprobe_streams, make_video

from .conftest import BUCKET, PORTS, download_link, http_get, s3_environment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.worker]

ORIGINAL = "videos/originals/interview.mp4"


@pytest.fixture
def no_media_root(tmp_path):
    """A MEDIA_ROOT that cannot exist: its parent is a regular file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("the worker and the web have no local media folder")
    return blocker / "media"


def test_a_worker_without_media_root_renders_a_clip_from_the_bucket(
    tmp_path,
    s3_bucket,
    no_media_root,
    production_environment,
    public_video,
    presets,
    journalist,
    start_portal,
):
    source = make_video(tmp_path / "interview.mp4", seconds=3)
    s3_bucket.upload_file(str(source), BUCKET, ORIGINAL)
    video = VideoFile(original_filename=source.name, **probe.probe(source).as_fields())
    video.file.name = ORIGINAL
    video.save()
    public_video(video)
    clip = video.get_rendition(presets["mp4-360p-web"], 0.5, 1.5)  # queued, as the web does

    work = tmp_path / "work"
    work.mkdir()
    environment = production_environment(no_media_root, **s3_environment(), TMPDIR=str(work))
    worker = subprocess.run(
        [sys.executable, "manage.py", "rqworker", "--burst", "media"],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert worker.returncode == 0, worker.stderr[-3000:]
    clip.refresh_from_db()
    assert clip.status == ProcessingStatus.READY, (clip.error, worker.stderr[-3000:])
    stored = s3_bucket.head_object(Bucket=BUCKET, Key=clip.file.name)
    assert clip.file.name.startswith("videos/renditions/") and stored["ContentLength"] == clip.size
    assert list(work.iterdir()) == []  # the original's download and the render are gone
    assert not no_media_root.exists()

    start_portal(environment)
    status, answer, _ = http_get(
        PORTS["nginx"], download_link(clip, journalist), {"Cookie": journalist.cookie}
    )
    assert status == 302
    signed = urlsplit(answer["Location"])
    assert signed.netloc == f"127.0.0.1:{PORTS['s3']}" and signed.path.startswith(f"/{BUCKET}/")
    assert "X-Amz-Signature=" in signed.query and "X-Amz-Expires=" in signed.query
    # S3 names the file from these (moto does not apply them; AWS and MinIO do).
    assert "response-content-disposition=attachment" in signed.query

    status, _, body = http_get(PORTS["s3"], f"{signed.path}?{signed.query}")
    assert status == 200 and len(body) == clip.size
    downloaded = tmp_path / "downloaded.mp4"
    downloaded.write_bytes(body)
    duration = float(ffprobe_streams(downloaded)["format"]["duration"])
    assert abs(duration - 1.0) < 0.2

    status, _, part = http_get(
        PORTS["s3"], f"{signed.path}?{signed.query}", {"Range": "bytes=0-99"}
    )
    assert status == 206 and part == body[:100]
