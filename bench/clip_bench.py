"""How long a journalist waits for a clip: smart cut against stream copy and full re-encode.

    .venv/bin/python bench/clip_bench.py [--minutes 10] [--keyframe-seconds 10] [--repeat 1]

Makes (once, cached in bench/output/) a 1080p25 H.264 source with B-frames and a keyframe every
10 s, like camera and broadcast files, then cuts 10 s and 60 s clips at its start, middle and end
(plus one starting just after a keyframe, the smart cut's worst case) four ways:

- `copy`: `ffmpeg -ss -t -c copy`: fast but starts on the keyframe before: the wrong length;
- `full`: the range re-encoded at the original size (libx264 veryfast, AAC): exact, slow;
- `smart`: `media_library.encoding.smartcut.cut`, the original-quality preset: exact, mostly copied;
- `720p`: the range re-encoded to 720p (libx264 veryfast CRF 23, AAC), a typical web preset.

For each it prints the time until the file is ready and the clip's length against the request;
with --repeat N, the best of N runs (the machine's load average is printed: on a shared machine
the other processes make single runs noisy); --methods smart,full runs only those.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
OUTPUT = BENCH_DIR / "output"
sys.path.insert(0, str(BENCH_DIR.parent))

from django.conf import settings  # noqa: E402

if not settings.configured:
    settings.configure(
        FFMPEG_BINARY="ffmpeg",
        FFPROBE_BINARY="ffprobe",
        MEDIA_LIBRARY_MIN_TIME_LIMIT=120,
        MEDIA_LIBRARY_MAX_JOB_SECONDS=8 * 3600,
    )

from media_library.encoding import smartcut  # noqa: E402

FPS = 25


def make_source(minutes, keyframe_seconds):
    path = OUTPUT / f"source-1080p-{minutes}min-gop{keyframe_seconds}s.mp4"
    if path.exists():
        return path
    OUTPUT.mkdir(exist_ok=True)
    gop = keyframe_seconds * FPS
    print(f"making {path.name} (once)...", flush=True)
    started = time.monotonic()
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate={FPS}",
            "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
            "-t", str(minutes * 60),
            # ultrafast keeps generation short; B-frames and CABAC as in camera files
            "-c:v", "libx264", "-preset", "ultrafast", "-x264-params", "bframes=3:cabac=1",
            "-crf", "26", "-g", str(gop), "-keyint_min", str(gop), "-sc_threshold", "0",
            "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "128k", str(path.with_suffix(".tmp.mp4")),
        ],
        check=True,
    )  # fmt: skip
    path.with_suffix(".tmp.mp4").replace(path)
    print(f"  made in {time.monotonic() - started:.0f} s", flush=True)
    return path


def length(path):
    info = json.loads(
        subprocess.run(
            ["ffprobe", "-v", "error", "-select_streams", "v:0", "-count_packets"]
            + ["-show_entries", "stream=nb_read_packets", "-of", "json", str(path)],
            capture_output=True,
            check=True,
        ).stdout
    )
    return int(info["streams"][0]["nb_read_packets"]) / FPS


def ffmpeg(*arguments):
    subprocess.run(["ffmpeg", "-v", "error", "-nostdin", "-y", *arguments], check=True)


def copy_cut(source, output, start, duration):
    ffmpeg("-ss", f"{start}", "-i", str(source), "-t", f"{duration}", "-c", "copy", str(output))


def encode(source, output, start, duration, height=None):
    scale = ["-vf", f"scale=-2:{height}"] if height else []
    ffmpeg(
        *["-ss", f"{start}", "-i", str(source), "-t", f"{duration}", *scale],
        *["-c:v", "libx264", "-preset", "veryfast", "-crf", "23", "-c:a", "aac"],
        str(output),
    )


def smart_cut(source, output, start, duration):
    return smartcut.cut(source, output, start, start + duration)


METHODS = {
    "copy": copy_cut,
    "full": encode,
    "smart": smart_cut,
    "720p": lambda source, output, start, duration: encode(source, output, start, duration, 720),
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--keyframe-seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=1, help="best of N runs per cell")
    parser.add_argument(
        "--methods", default=",".join(METHODS), help="comma-separated, e.g. smart,full"
    )
    options = parser.parse_args()
    methods = {name: METHODS[name] for name in options.methods.split(",")}
    source = make_source(options.minutes, options.keyframe_seconds)
    total = options.minutes * 60
    print(f"\nsource: {source.name}, {total} s, keyframe every {options.keyframe_seconds} s")
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores\n")
    print(
        f"{'clip':>4} {'where':>22} | "
        + " | ".join(f"{m:>16}" for m in methods)
        + " | smart vs full | frames encoded"
    )
    for duration in (10, 60):
        positions = {
            "start": 3.37,
            "middle": round(total / 2 - duration / 2 + 2.53, 2),
            "end": round(total - duration - 2.71, 2),
            "after a keyframe": options.keyframe_seconds * 3 + 1 / FPS,
        }
        for where, start in positions.items():
            cells, seconds, plans = [], {}, {}
            for name, method in methods.items():
                output = OUTPUT / f"clip-{name}.mp4"
                runs = []
                for _ in range(max(1, options.repeat)):
                    output.unlink(missing_ok=True)
                    began = time.monotonic()
                    plans[name] = method(source, output, start, duration)
                    runs.append(time.monotonic() - began)
                seconds[name] = min(runs)
                error = length(output) - duration
                cells.append(f"{seconds[name]:6.2f} s {error:+6.2f} s")
            both = "full" in seconds and "smart" in seconds
            ratio = f"{seconds['full'] / seconds['smart']:12.1f}x" if both else f"{'-':>13}"
            label = f"{where} ({start:g} s)"
            smart = plans.get("smart")
            encoded = f"{smart.encoded_frames}/{smart.frame_count}" if smart else "-"
            print(
                f"{duration:>3}s {label:>22} | "
                + " | ".join(cells)
                + f" | {ratio} | {encoded:>14}",
                flush=True,
            )
    print("\neach cell: time until the file is ready, then clip length minus requested length;")
    print("frames encoded: the smart cut's re-encoded frames out of the clip's (the rest copied)")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
