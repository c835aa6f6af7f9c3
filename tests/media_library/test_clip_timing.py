"""Original-quality clips carry exact timing tables: what editing software reads from the file
(the video stream's duration, its average frame rate, the decode times) matches the frames.

Each clip of the smart cut must have decode times that strictly increase, a video stream that
lasts exactly frames × frame duration, the source's average frame rate, and ffmpeg must not warn
while making it. Tiny sources (64×48 pictures) keep the grid quick.
"""

import json
import subprocess
from fractions import Fraction

import pytest

from media_library.encoding import smartcut

FPS = 25
GOP = 10  # frames between keyframes in the grid's sources


def encode(path, *, seconds, gop, bframes, size="64x48"):
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi",
            "-i", f"testsrc2=size={size}:rate={FPS}:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
            "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0",
            "-bf", str(bframes), "-c:a", "aac", "-shortest", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


def timing_table(path):
    """(video stream facts, [(pts, dts) of each video packet in file order])."""
    output = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_streams",
         "-show_entries", "packet=pts,dts", "-of", "json", str(path)],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip
    info = json.loads(output)
    packets = [(int(p["pts"]), int(p["dts"])) for p in info["packets"]]
    return info["streams"][0], packets


def assert_exact_timing(clip, plan, frames):
    stream, packets = timing_table(clip)
    assert len(packets) == frames, f"{len(packets)} packets for {frames} frames"
    decode_times = [dts for _, dts in packets]
    assert all(a < b for a, b in zip(decode_times, decode_times[1:], strict=False)), decode_times
    assert all(pts >= dts for pts, dts in packets)
    time_base = Fraction(stream["time_base"])
    shown = sorted(pts for pts, _ in packets)
    step = round(Fraction(1, FPS) / time_base)
    assert [b - a for a, b in zip(shown, shown[1:], strict=False)] == [step] * (frames - 1)
    assert Fraction(stream["duration"]) == Fraction(frames, FPS), stream["duration"]
    assert Fraction(stream["avg_frame_rate"]) == FPS, stream["avg_frame_rate"]
    assert plan.warnings == []


@pytest.fixture(scope="module")
def long_gop_source(tmp_path_factory):
    """25 fps, a keyframe every 10 s, B-frames: the source of the findings."""
    return encode(tmp_path_factory.mktemp("timing") / "long.mp4", seconds=64, gop=250, bframes=3)


@pytest.mark.parametrize(
    ("start", "end", "frames"),
    [
        (59.96, 61.2, 31),  # one re-encoded head frame, then copied frames with B-frame delay
        (3.36, 13.36, 250),  # head, copy, and a re-encoded tail after the copied run
    ],
)
def test_the_reported_clips_have_exact_timing_tables(long_gop_source, tmp_path, start, end, frames):
    clip = tmp_path / "clip.mp4"
    plan = smartcut.cut(long_gop_source, clip, start, end)
    assert_exact_timing(clip, plan, frames)


@pytest.fixture(scope="module", params=[3, 0], ids=["b-frames", "no-b-frames"])
def grid_source(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp("no-b" if request.param == 0 else "b")
    return encode(folder / "grid.mp4", seconds=2, gop=GOP, bframes=request.param)


@pytest.mark.parametrize("start_offset", [-2, -1, 0, 1, 2])
def test_cuts_around_keyframes_have_exact_timing_tables(grid_source, tmp_path, start_offset):
    """Starts from 2 frames before to 2 frames after a keyframe (frame 10), each with ends from
    2 frames before to 2 frames after a later one (frame 40): one-frame heads and tails, clips
    starting or ending right on a keyframe. Without B-frames (simpler), every other offset."""
    has_b_frames = "no-b" not in grid_source.parent.name
    if not has_b_frames and start_offset % 2:
        pytest.skip("every other offset without B-frames")
    first = GOP + start_offset
    for end_offset in (-2, -1, 0, 1, 2) if has_b_frames else (-2, 0, 2):
        stop = 4 * GOP + end_offset
        clip = tmp_path / f"clip{end_offset}.mp4"
        plan = smartcut.cut(grid_source, clip, first / FPS, stop / FPS)
        assert_exact_timing(clip, plan, stop - first)


def test_one_frame_head_and_one_frame_tail(grid_source, tmp_path):
    """From the frame before a keyframe (frame 9) to the frame after another (frame 31): one
    re-encoded frame at the head; with B-frames, frame 31 depends on a later frame and is the
    one re-encoded frame of the tail (without, it is copied)."""
    clip = tmp_path / "clip.mp4"
    plan = smartcut.cut(grid_source, clip, (GOP - 1) / FPS, (3 * GOP + 2) / FPS)
    head, *_, last = plan.pieces
    assert (head.kind, head.count) == ("encode", 1)
    assert last.kind == "copy" or last.count == 1
    assert_exact_timing(clip, plan, 2 * GOP + 3)
