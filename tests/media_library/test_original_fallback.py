"""An original smart cut cannot cut (MPEG-2) is re-encoded over the range, in its own codec and
container, frame-accurately, by a real worker with real ffmpeg."""

import logging
import subprocess

import pytest

from media_library import jobs
from media_library.models import ProcessingStatus

from .videos import ffprobe_streams

FRAME = 1 / 25


@pytest.fixture(scope="module")
def mpeg2_video(tmp_path_factory):
    """4 seconds, 320x180, 25 fps, MPEG-2 video + MP2 sound in an MPEG program stream."""
    path = tmp_path_factory.mktemp("mpeg2") / "archive reel.mpg"
    command = ["ffmpeg", "-v", "error", "-y", "-f", "lavfi"]
    command += ["-i", "testsrc2=size=320x180:rate=25:duration=4", "-f", "lavfi"]
    command += ["-i", "sine=frequency=440:sample_rate=48000:duration=4"]
    command += ["-c:v", "mpeg2video", "-g", "50", "-c:a", "mp2", "-shortest", str(path)]
    subprocess.run(command, check=True)
    return path


def video_codec_and_duration(path):
    """The video's codec, and its duration from its decoded frames (an MPEG program stream's
    announced durations are estimates)."""
    command = ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0"]
    command += ["-show_entries", "stream=codec_name,nb_read_frames", "-of", "csv=p=0", str(path)]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    codec, frames = output.strip().split(",")[:2]
    return codec, int(frames) * FRAME


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_an_mpeg2_original_clip_is_reencoded_in_mpeg2_to_the_frame(
    make_asset, mpeg2_video, presets, media_root, run_worker
):
    asset = make_asset(mpeg2_video)
    rendition = asset.get_rendition(presets["original"], start=1.0, end=2.5)

    run_worker("media")

    rendition.refresh_from_db()
    assert rendition.status == ProcessingStatus.READY, rendition.error
    assert rendition.file.name.endswith(".mpg")
    codec, duration = video_codec_and_duration(rendition.file.path)
    assert codec == "mpeg2video"
    assert duration == pytest.approx(1.5, abs=FRAME)
    streams = ffprobe_streams(rendition.file.path)["streams"]
    assert [s["codec_name"] for s in streams if s["codec_type"] == "audio"] == ["mp2"]


def test_the_fallback_says_why_smart_cut_was_not_used(
    make_asset, mpeg2_video, presets, media_root, tmp_path, caplog
):
    asset = make_asset(mpeg2_video)
    rendition = asset.get_rendition(presets["original"], start=0.5, end=1.5)
    output = tmp_path / "clip.mpg"

    with caplog.at_level(logging.WARNING, logger="media_library.jobs"):
        jobs._render_into(asset.video.file.path, output, rendition, tmp_path, progress=None)

    assert "no encoder to match mpeg2video" in caplog.text
    assert video_codec_and_duration(output) == ("mpeg2video", pytest.approx(1.0, abs=FRAME))
