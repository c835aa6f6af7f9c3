"""Frame-by-frame checks of clips: which source frame each clip frame shows.

The source is testsrc2 (every frame differs from its neighbours) with a keyframe every 4 s and
B-frames, plus an audio beep at each whole second for checking A/V sync. Every frame of a clip
is matched against the source's frames to check it is the one it should be.
"""

import math
import subprocess

from media_library.encoding import probe

FPS = 25
SOURCE_SECONDS = 9.6  # testsrc2 repeats itself every 10 s: keep every frame unique
THUMB = (32, 24)


def make_counting_source(path):
    beep = "sin(2*PI*1000*t)*lt(mod(t\\,1)\\,0.1)"
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-f", "lavfi", "-i", f"testsrc2=size=320x240:rate={FPS}",
            "-f", "lavfi", "-i", f"aevalsrc={beep}:sample_rate=48000",
            "-t", str(SOURCE_SECONDS), "-c:v", "libx264", "-preset", "veryfast",
            "-g", str(4 * FPS), "-keyint_min", str(4 * FPS), "-sc_threshold", "0",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "96k", str(path),
        ],
        check=True,
    )  # fmt: skip
    return path


def thumbnails(path):
    """Every decoded frame, shrunk to 32x24 grey bytes."""
    command = ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:v:0"]
    command += ["-fps_mode", "passthrough", "-vf", f"scale={THUMB[0]}:{THUMB[1]},format=gray"]
    raw = subprocess.run([*command, "-f", "rawvideo", "-"], capture_output=True, check=True)
    size = THUMB[0] * THUMB[1]
    return [raw.stdout[i : i + size] for i in range(0, len(raw.stdout), size)]


def difference(a, b):
    return sum(abs(x - y) for x, y in zip(a, b, strict=True))


def stream_facts(path):
    info = probe.streams(path)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    audio = next(s for s in info["streams"] if s["codec_type"] == "audio")
    return video, audio


def frame_index(source, seconds):
    """The source frame nearest to `seconds` on the player's timeline (from the container's
    start, which the video may follow by a little), halves rounded up."""
    info = probe.streams(source)
    video = next(s for s in info["streams"] if s["codec_type"] == "video")
    lag = float(video["start_time"]) - float(info["format"]["start_time"])
    return math.ceil((seconds - lag) * FPS - 0.5)


def assert_exact_clip(source, clip, start, end):
    """The clip shows the source frames from the one nearest `start` to the one before the one
    nearest `end`, each one in its place, once; its sound lasts as long."""
    first, stop = frame_index(source, start), frame_index(source, end)
    got = thumbnails(clip)
    assert len(got) == stop - first, f"{len(got)} frames instead of {stop - first}"
    source_frames = thumbnails(source)
    for k, frame in enumerate(got):
        candidates = range(max(0, first + k - 2), min(len(source_frames), first + k + 3))
        best = min(candidates, key=lambda i: difference(frame, source_frames[i]))
        assert best == first + k, f"clip frame {k} shows source frame {best}, not {first + k}"
    assert source_frames[first:stop]  # the range was not empty
    video, audio = stream_facts(clip)
    assert float(video["start_time"]) == 0
    assert abs(float(video["duration"]) - (stop - first) / FPS) < 1 / FPS / 2
    assert abs(float(audio["duration"]) - (stop - first) / FPS) < 1 / FPS
    errors = subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(clip), "-f", "null", "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    assert errors == ""
