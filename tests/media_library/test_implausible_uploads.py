"""Uploads whose announced length cannot be trusted or is too long are refused (issue 11,
finding 4), and no media job's time limit exceeds MEDIA_LIBRARY_MAX_JOB_SECONDS.

A 25 KB .mkv whose timestamps jump by 10 hours used to be accepted as 36,000 s long, with an
80-hour job limit.
"""

import subprocess

import django_rq
import pytest
from django.utils import translation
from rq.job import Job

from media_library.encoding import probe
from media_library.models import VideoAsset, VideoFile

from .videos import make_video


def with_gap(path, gap_seconds):
    """A 2-second video (and its sound) whose second second is shown `gap_seconds` later."""
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=64x48:rate=25:duration=2",
            "-f", "lavfi", "-i", "sine=duration=2",
            "-vf", f"setpts='PTS+if(gte(N,25),{gap_seconds}/TB,0)'", "-fps_mode", "passthrough",
            "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


def test_a_ten_hour_timestamp_gap_is_refused(tmp_path):
    gap = with_gap(tmp_path / "gap.mkv", 36000)
    assert gap.stat().st_size < 210_000

    with pytest.raises(probe.InvalidVideo) as refused:
        probe.probe(gap)

    assert refused.value.code == "timestamps"
    assert "10:00:00" in str(refused.value.message) or "9:59:5" in str(refused.value.message)


def test_a_gap_in_a_video_short_enough_is_refused_too(tmp_path):
    with pytest.raises(probe.InvalidVideo) as refused:
        probe.probe(with_gap(tmp_path / "gap.mkv", 120))
    assert refused.value.code == "timestamps"


def test_a_video_longer_than_the_maximum_is_refused(tmp_path, settings):
    settings.MEDIA_LIBRARY_MAX_DURATION = 2
    with pytest.raises(probe.InvalidVideo) as refused:
        probe.probe(make_video(tmp_path / "three.mp4", seconds=3))
    assert refused.value.code == "too_long"
    with translation.override("en"):
        message = str(refused.value.message)
    assert message == "The video lasts 0:00:03; the longest accepted is 0:00:02."


MESSAGES = {
    "fr": ("Les horodatages de la vidéo font un saut de", "La vidéo dure 0:00:03"),
    "en": ("The video's timestamps jump by", "The video lasts 0:00:03"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_editor_is_told_why_in_their_language_and_nothing_is_kept(
    upload, editor, media_root, tmp_path, settings, language
):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = language
    profile.save()
    gap_message, long_message = MESSAGES[language]

    response = upload(with_gap(tmp_path / "gap.mkv", 36000))
    assert response.status_code == 200
    assert gap_message in response.content.decode().replace("&#x27;", "'")

    settings.MEDIA_LIBRARY_MAX_DURATION = 2
    response = upload(make_video(tmp_path / "three.mp4", seconds=3))
    assert response.status_code == 200
    assert long_message in response.content.decode()

    assert not VideoAsset.objects.exists() and not VideoFile.objects.exists()
    assert [p for p in media_root.rglob("*") if p.is_file()] == []


@pytest.mark.django_db(transaction=True)  # django-rq enqueues after the commit
def test_no_job_time_limit_exceeds_the_maximum(
    make_asset, small_video, presets, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_LIBRARY_MAX_JOB_SECONDS = 3600
    asset = make_asset(small_video)
    VideoFile.objects.filter(pk=asset.video_id).update(duration=4 * 3600)
    asset.video.refresh_from_db()
    connection = django_rq.get_queue("media").connection
    with django_capture_on_commit_callbacks(execute=True):
        renditions = [asset.get_rendition(presets[slug]) for slug in ("mp4-1080p", "original")]
        renditions.append(asset.get_rendition(presets["original"], start=10, end=600))
    for rendition in renditions:
        rendition.refresh_from_db()
        assert Job.fetch(rendition.job_id, connection=connection).timeout == 3600
