"""The whole pipeline through Redis and a real `rqworker --burst` process, with real ffmpeg."""

import os

import pytest
from django.urls import reverse
from PIL import Image as PILImage

from media_library.models import ProcessingStatus, VideoAsset, VideoFile, VideoRendition

from .videos import ffprobe_streams, make_video

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def wide_video(tmp_path_factory):
    return make_video(tmp_path_factory.mktemp("wide") / "harbour.mp4", seconds=4, size="480x270")


def duration_of(path):
    return float(ffprobe_streams(path)["format"]["duration"])


def test_publishing_an_upload_makes_poster_strip_and_pregenerated_renditions(
    upload, wide_video, run_worker, presets, media_root, admin_client
):
    response = upload(wide_video, title="Harbour at dawn", action="action-publish")
    assert response.status_code == 302
    asset = VideoAsset.objects.get()
    assert asset.live
    pending = VideoRendition.objects.filter(video=asset.video)
    assert {r.preset.slug for r in pending} == {"mp4-720p", "mp4-360p-web"}
    assert all(r.status == ProcessingStatus.QUEUED for r in pending)

    run_worker("media")

    video = VideoFile.objects.get()
    assert video.status == ProcessingStatus.READY, video.error
    assert video.poster is not None and video.poster.width == 480
    strip = PILImage.open(video.strip.path)
    assert strip.width == video.strip_columns * video.strip_frame_width
    assert video.strip_frames == 2 and video.strip_interval == 2
    for rendition in VideoRendition.objects.filter(video=video):
        assert rendition.status == ProcessingStatus.READY, rendition.error
        assert rendition.progress == 100 and rendition.size == rendition.file.size
        assert duration_of(rendition.file.path) == pytest.approx(4, abs=0.1)
        picture = ffprobe_streams(rendition.file.path)["streams"][0]
        assert picture["height"] == 270  # never scaled up

    page = admin_client.get(
        reverse("wagtailsnippets_media_library_videoasset:edit", args=[asset.pk])
    ).content.decode()
    assert "Prête" in page and "Intégrale" in page and "480 × 270" in page
    listing = admin_client.get(
        reverse("wagtailsnippets_media_library_videoasset:list")
    ).content.decode()
    assert "Prête" in listing and 'src="/' in listing  # status and poster thumbnail


def test_a_range_is_rendered_once_and_original_quality_is_cut_without_reencoding_all(
    make_asset, wide_video, run_worker, presets, media_root
):
    asset = make_asset(wide_video)
    clip = asset.get_rendition(presets["mp4-720p"], start=0.5, end=2)
    original = asset.get_rendition(presets["original"], start=1, end=3)
    sound = asset.get_rendition(presets["wav-48k"])
    assert asset.get_rendition(presets["mp4-720p"], start="0.500", end=2.0).pk == clip.pk

    run_worker("media")

    for rendition in (clip, original, sound):
        rendition.refresh_from_db()
        assert rendition.status == ProcessingStatus.READY, rendition.error
    assert duration_of(clip.file.path) == pytest.approx(1.5, abs=0.05)
    assert duration_of(original.file.path) == pytest.approx(2, abs=0.05)
    streams = ffprobe_streams(sound.file.path)["streams"]
    assert [(s["codec_type"], s["sample_rate"]) for s in streams] == [("audio", "48000")]
    assert clip.file.name.endswith("-mp4-720p-500-2000.mp4")


def test_changing_a_preset_marks_its_renditions_stale_and_they_are_made_again(
    make_asset, small_video, run_worker, presets, media_root
):
    asset = make_asset(small_video)
    preset = presets["mp4-360p-web"]
    rendition = asset.get_rendition(preset)
    run_worker("media")
    rendition.refresh_from_db()
    first_file = rendition.file.path
    assert rendition.status == ProcessingStatus.READY

    preset.crf = 30
    preset.save()
    rendition.refresh_from_db()
    assert rendition.status == ProcessingStatus.STALE

    again = asset.get_rendition(preset)
    assert again.pk == rendition.pk and again.status == ProcessingStatus.QUEUED
    run_worker("media")
    again.refresh_from_db()
    assert again.status == ProcessingStatus.READY and again.file.path != first_file
    assert not os.path.exists(first_file)  # the out-of-date file is removed


def test_a_failed_rendition_shows_its_reason_and_can_be_retried(
    make_asset, small_video, run_worker, presets, media_root, admin_client
):
    asset = make_asset(small_video)
    preset = presets["mp4-720p"]
    type(preset).objects.filter(pk=preset.pk).update(video_codec="libnothing")
    preset.refresh_from_db()
    rendition = asset.get_rendition(preset)

    run_worker("media")

    rendition.refresh_from_db()
    assert rendition.status == ProcessingStatus.FAILED
    assert "ffmpeg" in rendition.error and not rendition.file
    edit = reverse("wagtailsnippets_media_library_videoasset:edit", args=[asset.pk])
    page = admin_client.get(edit).content.decode()
    assert "Échec" in page and "Réessayer" in page
    assert reverse("media_library_retry_rendition", args=[rendition.pk]) in page

    type(preset).objects.filter(pk=preset.pk).update(video_codec="libx264")
    response = admin_client.post(
        reverse("media_library_retry_rendition", args=[rendition.pk]), {"next": edit}
    )
    assert response.status_code == 302
    rendition.refresh_from_db()
    assert rendition.status == ProcessingStatus.QUEUED
    run_worker("media")
    rendition.refresh_from_db()
    assert rendition.status == ProcessingStatus.READY and rendition.file
