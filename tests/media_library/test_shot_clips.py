"""Shots as asked: ticking shots 1 and 3 gives exactly those two shots, one after the other, in
one file — each cut frame-exactly, the sound of each beside it, one exact timing table — not
00:00 to the end of shot 3 with shot 2 inside."""

import subprocess
from types import SimpleNamespace

import pytest

from media_library.encoding import smartcut, transcode

from .frames import difference, thumbnails
from .test_clip_timing import FPS, assert_exact_timing, encode
from .test_reencoded_clips import video_of

# Shot list of the test video (seconds): none starts on a keyframe (one every 25 frames).
SHOTS = [(0.44, 1.2), (1.2, 2.8), (2.8, 4.36)]


@pytest.fixture(scope="module", params=[3, 0], ids=["b-frames", "no-b-frames"])
def source(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("shots")
    return encode(folder / "shots.mp4", seconds=6, gop=FPS, bframes=request.param, size="320x240")


def frames_of(start, end):
    return list(range(round(start * FPS), round(end * FPS)))


def assert_shows(clip, source, expected):
    """The clip's decoded frames are the source frames `expected`, in that order."""
    got, source_frames = thumbnails(clip), thumbnails(source)
    assert len(got) == len(expected), f"{len(got)} frames instead of {len(expected)}"
    for k, (frame, wanted) in enumerate(zip(got, expected, strict=True)):
        best = min(range(len(source_frames)), key=lambda i: difference(frame, source_frames[i]))
        assert best == wanted, f"clip frame {k} shows source frame {best}, not {wanted}"


def sound_seconds(path):
    output = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "a:0", "-show_entries",
         "stream=duration", "-of", "csv=p=0", str(path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    return float(output.strip())


def test_shots_1_and_3_are_cut_exactly_and_joined_in_one_file(source, tmp_path):
    clip = tmp_path / "clip.mp4"
    first, third = SHOTS[0], SHOTS[2]
    plans = smartcut.cut_segments(source, clip, [first, third])
    expected = frames_of(*first) + frames_of(*third)
    assert len(expected) == 19 + 39
    assert_shows(clip, source, expected)  # nothing of shot 2, nothing repeated
    assert_exact_timing(clip, plans[0], len(expected))
    # the sound of both shots, as long as the pictures (within one AAC packet per join)
    assert abs(sound_seconds(clip) - len(expected) / FPS) < 2 * 1024 / 48000
    errors = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(clip), "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    assert errors == ""


def test_three_ranges_in_the_order_asked(source, tmp_path):
    clip = tmp_path / "clip.mov"
    ranges = [(0.4, 0.8), (2, 2.48), (4, 5.04)]
    plans = smartcut.cut_segments(source, clip, ranges)
    expected = [frame for start, end in ranges for frame in frames_of(start, end)]
    assert_shows(clip, source, expected)
    assert_exact_timing(clip, plans[0], len(expected))


@pytest.mark.django_db
@pytest.mark.parametrize("preset", ["mp4-720p", "mp4-360p-web"])
def test_a_reencoded_preset_joins_shots_1_and_3_exactly(source, tmp_path, presets, preset):
    clip = tmp_path / "clip.mp4"
    first, third = SHOTS[0], SHOTS[2]
    warnings = transcode.transcode(
        source, clip, presets[preset], video_of(source), tmp_path, segments=[first, third]
    )
    expected = frames_of(*first) + frames_of(*third)
    assert_shows(clip, source, expected)
    assert_exact_timing(clip, SimpleNamespace(warnings=warnings), len(expected))
    assert abs(sound_seconds(clip) - len(expected) / FPS) < 2 * 1024 / 48000
