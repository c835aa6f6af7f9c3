"""Smart cut: frame-accurate clips of a long-GOP source, the middle copied bit for bit.

The source (see .frames): testsrc2 (every frame differs from its neighbours) with a keyframe
every 4 s and B-frames, plus an audio beep at each whole second for checking A/V sync. Every
frame of a clip is matched against the source's frames to check it is the one it should be.
"""

import re
import subprocess
from fractions import Fraction

import pytest

from media_library.encoding import smartcut

from .frames import (
    FPS,
    SOURCE_SECONDS,
    assert_exact_clip,
    frame_index,
    make_counting_source,
    stream_facts,
    thumbnails,
)


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return make_counting_source(tmp_path_factory.mktemp("smartcut") / "source.mp4")


def frame_md5s(path):
    command = [
        "ffmpeg",
        "-v",
        "error",
        "-i",
        str(path),
        "-map",
        "0:v:0",
        "-fps_mode",
        "passthrough",
    ]
    command += ["-f", "framemd5", "-"]
    lines = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return [line.split(",")[-1].strip() for line in lines.splitlines() if not line.startswith("#")]


def parameter_sets(path, tmp_path):
    """The distinct H.264 sequence and picture parameter sets found in the clip."""
    raw = tmp_path / "stream.h264"
    command = ["ffmpeg", "-v", "error", "-y", "-i", str(path), "-map", "0:v", "-c", "copy"]
    subprocess.run([*command, "-bsf:v", "h264_mp4toannexb", str(raw)], check=True)
    units = [u for u in (u.rstrip(b"\0") for u in raw.read_bytes().split(b"\0\0\1")) if u]
    return {u for u in units if u[0] & 0x1F == 7}, {u for u in units if u[0] & 0x1F == 8}


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (1.3, 8.7),  # head to the keyframe at 4 s, copy, tail after the keyframe at 8 s
        (0.0, 5.52),  # from the very first frame
        (2.0, SOURCE_SECONDS),  # up to the very last frame
        (5.1, 6.34),  # inside one group of pictures: everything re-encoded
        (4.0, 8.0),  # keyframe to keyframe: everything copied
    ],
)
def test_clip_starts_and_ends_on_the_requested_frames(source, tmp_path, start, end):
    clip = tmp_path / "clip.mp4"
    smartcut.cut(source, clip, start, end)
    assert_exact_clip(source, clip, start, end)


@pytest.mark.parametrize("container", ["ts", "mkv"])
def test_transport_streams_and_matroska_are_cut_as_exactly(source, tmp_path, container):
    """A .ts/.mts has no index and starts later than 0; MKV is sought a little early by ffmpeg
    when there are B-frames: both are first copied into MOV, and the clip is still exact, its
    middle still bit for bit the source's."""
    other = tmp_path / f"source.{container}"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(source), "-c", "copy", str(other)], check=True
    )
    clip = tmp_path / "clip.mp4"
    plan = smartcut.cut(other, clip, 1.3, 8.7)
    assert_exact_clip(other, clip, 1.3, 8.7)
    copied = next(piece for piece in plan.pieces if piece.kind == "copy")
    clip_md5, source_md5 = frame_md5s(clip), frame_md5s(other)
    first = frame_index(other, 1.3)
    assert all(
        clip_md5[k] == source_md5[first + k]
        for k in range(copied.first, copied.first + copied.count)
    )


def test_frames_between_keyframes_are_copied_bit_for_bit(source, tmp_path):
    clip = tmp_path / "clip.mp4"
    plan = smartcut.cut(source, clip, 1.3, 8.7)
    kinds = [piece.kind for piece in plan.pieces]
    assert kinds[:2] == ["encode", "copy"]
    copied = next(piece for piece in plan.pieces if piece.kind == "copy")
    first = frame_index(source, 1.3)
    assert first + copied.first == 4 * FPS  # the copy starts on the keyframe at 4 s
    assert copied.count >= 4 * FPS - 3  # and runs at least to the last B-frames before 8.7 s
    clip_md5 = frame_md5s(clip)
    source_md5 = frame_md5s(source)
    for k in range(copied.first, copied.first + copied.count):
        assert clip_md5[k] == source_md5[first + k]
    assert plan.encoded_frames < plan.frame_count / 2


def test_joined_stream_has_a_single_set_of_parameters_for_x264_sources(source, tmp_path):
    clip = tmp_path / "clip.mp4"
    smartcut.cut(source, clip, 1.3, 8.7)
    sequence_sets, picture_sets = parameter_sets(clip, tmp_path)
    assert len(sequence_sets) == 1
    assert len(picture_sets) == 1
    video, _ = stream_facts(clip)
    original, _ = stream_facts(source)
    for key in ("codec_name", "profile", "level", "width", "height", "pix_fmt", "time_base"):
        assert video[key] == original[key], key


def test_sound_stays_in_sync_with_the_picture(source, tmp_path):
    """The source beeps at each whole second: in a clip from 1.32 s, beeps start at 0.68 s,
    1.68 s... (to within one video frame)."""
    clip = tmp_path / "clip.mp4"
    smartcut.cut(source, clip, 1.32, 8.7)
    log = subprocess.run(
        ["ffmpeg", "-i", str(clip), "-map", "0:a", "-af", "silencedetect=n=-30dB:d=0.05"]
        + ["-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    beeps = [float(t) for t in re.findall(r"silence_end: ([\d.]+)", log)]
    expected = [second - 1.32 for second in range(2, 9)]
    assert len(beeps) >= len(expected) - 1
    for beep, wanted in zip(beeps, expected, strict=False):
        assert abs(beep - wanted) < 1 / FPS, (beeps, expected)


def audio_packets(path):
    """(pts, hash) of each compressed sound packet (no decoding)."""
    command = ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:a", "-c", "copy"]
    lines = subprocess.run(
        [*command, "-f", "framemd5", "-"], capture_output=True, text=True, check=True
    ).stdout
    rows = [line.split(",") for line in lines.splitlines() if not line.startswith("#")]
    return [(int(row[1]), row[5].strip()) for row in rows]


def test_sound_is_the_source_sound_unchanged(source, tmp_path):
    """The original-quality clip carries the source's own sound packets, in a row: nothing
    re-encoded, no generation loss, and none hidden before the clip's start (an edit list
    that some editing software ignores would shift the sound)."""
    clip = tmp_path / "clip.mp4"
    smartcut.cut(source, clip, 1.32, 8.7)
    packets = audio_packets(clip)
    got = [md5 for _, md5 in packets]
    original = [md5 for _, md5 in audio_packets(source)]
    assert len(got) > 300  # 7.4 s of AAC at 48 kHz: about 345 packets
    assert any(original[n : n + len(got)] == got for n in range(len(original)))
    assert min(pts for pts, _ in packets) >= 0


def test_progress_is_reported_in_percent_up_to_100(source, tmp_path):
    seen = []
    smartcut.cut(source, tmp_path / "clip.mp4", 0.5, 6.0, progress=seen.append)
    assert seen[-1] == 100
    assert all(isinstance(percent, int) and 0 <= percent <= 100 for percent in seen)
    assert seen == sorted(seen)
    assert len(seen) >= 2  # at least one step before the end


def test_frames_shown_before_an_open_gop_keyframe_are_never_copied():
    """Frames decoded after a keyframe but shown before it (open GOP) refer to the previous
    group of pictures: they are re-encoded, and every frame of the range appears once."""
    packets = [(0, -2, True), (4, -1, False), (1, 0, False), (2, 1, False), (3, 2, False)]
    packets += [(100, 96, True), (98, 97, False), (99, 98, False), (101, 99, False)]
    pieces, first, shown = smartcut.plan(packets, 1, 102, 1)
    assert shown[first] == 1
    covered = [i for piece in pieces for i in range(piece.first, piece.first + piece.count)]
    assert covered == list(range(1, 9))
    copied = {
        shown[i]
        for piece in pieces
        if piece.kind == "copy"
        for i in range(piece.first, piece.first + piece.count)
    }
    assert not copied & {98, 99}


def test_only_local_files_are_read(tmp_path):
    with pytest.raises(smartcut.SmartCutError):
        smartcut.cut("http://127.0.0.1:9/video.mp4", tmp_path / "clip.mp4", 0, 1)


def test_no_temporary_file_is_left_behind(source, tmp_path):
    smartcut.cut(source, tmp_path / "clip.mp4", 1.3, 3.0)
    assert [p.name for p in tmp_path.iterdir()] == ["clip.mp4"]


def test_time_base_is_kept(source, tmp_path):
    clip = tmp_path / "clip.mp4"
    plan = smartcut.cut(source, clip, 1.3, 3.0)
    assert plan.frame_duration == Fraction(1, FPS)
    assert stream_facts(clip)[0]["time_base"] == stream_facts(source)[0]["time_base"]


def test_intra_only_sources_are_copied_whatever_their_codec(tmp_path):
    """Every frame of an MJPEG source is a keyframe: nothing is re-encoded, even though the
    smart cut has no encoder to match MJPEG."""
    source = tmp_path / "intra.mov"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size=160x120:rate={FPS}"]
        + ["-t", "3", "-c:v", "mjpeg", "-q:v", "5", str(source)],
        check=True,
    )
    clip = tmp_path / "clip.mov"
    plan = smartcut.cut(source, clip, 0.52, 2.0)
    assert [piece.kind for piece in plan.pieces] == ["copy"]
    assert len(thumbnails(clip)) == round(2.0 * FPS) - round(0.52 * FPS)


def test_long_gop_sources_without_a_matching_encoder_are_refused(tmp_path):
    source = tmp_path / "mpeg2.ts"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size=160x120:rate={FPS}"]
        + ["-t", "3", "-c:v", "mpeg2video", "-g", "50", str(source)],
        check=True,
    )
    with pytest.raises(smartcut.SmartCutError, match="no encoder"):
        smartcut.cut(source, tmp_path / "clip.ts", 0.52, 2.5)
