"""Pictures taken from a video: its poster frame and the thumbnail strip of the player."""

import math
from decimal import Decimal

import ffmpeg as ffmpeg_python

from media_library.encoding import runner

STRIP_FRAME_WIDTH = 160
STRIP_COLUMNS = 10
STRIP_MAX_FRAMES = 100


def poster_time(duration):
    """A frame early enough to be representative, late enough to skip a fade-in."""
    duration = float(duration)
    return min(duration * 0.1, 5.0) if duration > 0.5 else 0.0


def extract_poster(source, container, output, duration):
    """Write one JPEG frame of `source` (its `container` as probed) to `output`."""
    stream = ffmpeg_python.input(
        runner.file_url(source),
        ss=f"{poster_time(duration):.3f}",
        **runner.input_options(container),
    ).output(str(output), map="0:v:0", vframes=1, update=1, **{"q:v": 3})
    runner.ffmpeg(stream.get_args(), time_limit=runner.time_limit(duration, factor=0.2))


def strip_interval(duration):
    """Seconds between two frames of the strip: a few seconds, at most STRIP_MAX_FRAMES frames."""
    return max(2.0, math.ceil(float(duration) / STRIP_MAX_FRAMES))


def make_thumbnail_strip(source, container, output, duration, source_width, source_height):
    """A sprite of small frames, one every few seconds, in rows of STRIP_COLUMNS. Returns its
    layout: interval, frames, columns, frame width and height."""
    interval = strip_interval(duration)
    frames = max(1, math.ceil(float(duration) / interval))
    columns = min(STRIP_COLUMNS, frames)
    rows = math.ceil(frames / columns)
    frame_height = 90
    if source_width and source_height:
        frame_height = round(STRIP_FRAME_WIDTH * source_height / source_width / 2) * 2 or 2
    stream = (
        ffmpeg_python.input(runner.file_url(source), **runner.input_options(container))
        .video.filter("fps", fps=f"1/{interval:g}")
        .filter("scale", STRIP_FRAME_WIDTH, frame_height)
        .filter("tile", f"{columns}x{rows}")
        .output(str(output), vframes=1, update=1, **{"q:v": 5})
    )
    runner.ffmpeg(stream.get_args(), time_limit=runner.time_limit(duration, factor=0.5))
    return {
        "strip_interval": Decimal(f"{interval:.3f}"),
        "strip_frames": frames,
        "strip_columns": columns,
        "strip_frame_width": STRIP_FRAME_WIDTH,
        "strip_frame_height": frame_height,
    }
