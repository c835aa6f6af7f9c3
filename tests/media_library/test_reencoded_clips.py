"""Re-encoded presets (720p, 360p...) cut a range frame-accurately: every frame of the clip is
the source frame it should be, none repeated or missing, even when the requested start and end
fall between two frames (each bound rounded to the nearest frame, like the smart cut)."""

import subprocess

import pytest

from media_library.encoding import probe, transcode
from media_library.models import VideoFile

from .frames import FPS, assert_exact_clip, make_counting_source, thumbnails

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return make_counting_source(tmp_path_factory.mktemp("reencoded") / "source.mp4")


def video_of(source):
    metadata = probe.probe(source)
    return VideoFile(**{k: v for k, v in metadata.as_fields().items() if k != "size"})


@pytest.mark.parametrize(
    ("preset", "start", "end"),
    [
        ("mp4-720p", 4.52, 9.52),  # on frame boundaries
        ("mp4-720p", 4.5, 9.5),  # halfway between two frames
        ("mp4-360p-web", 2.37, 9.01),
        ("mp4-720p", 3.17, 9.53),
        ("mp4-720p", 0.01, 1.99),
    ],
)
def test_a_reencoded_clip_shows_each_frame_of_the_range_once(
    source, tmp_path, presets, preset, start, end
):
    clip = tmp_path / "clip.mp4"
    warnings = transcode.transcode(
        source, clip, presets[preset], video_of(source), tmp_path, start=start, end=end
    )
    assert_exact_clip(source, clip, start, end)
    assert warnings == []


def test_a_transport_stream_is_cut_as_exactly(source, tmp_path, presets):
    """A .ts has no index (and starts later than 0): its frames are taken at its frame rate."""
    other = tmp_path / "source.ts"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(source), "-c", "copy", str(other)], check=True
    )
    clip = tmp_path / "clip.mp4"
    warnings = transcode.transcode(
        other, clip, presets["mp4-720p"], video_of(other), tmp_path, start=2.37, end=5.01
    )
    assert_exact_clip(other, clip, 2.37, 5.01)
    assert warnings == []


def test_progress_still_reaches_the_end_of_the_range(source, tmp_path, presets):
    seen = []
    clip = tmp_path / "clip.mp4"
    video = video_of(source)
    transcode.transcode(
        source,
        clip,
        presets["mp4-360p-web"],
        video,
        tmp_path,
        start=1.01,
        end=3.0,
        progress=seen.append,
    )
    assert seen and seen == sorted(seen)
    assert len(thumbnails(clip)) == round(3.0 * FPS) - round(1.01 * FPS)
