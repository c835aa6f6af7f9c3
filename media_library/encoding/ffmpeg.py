"""Everything the portal asks of ffmpeg and ffprobe, through ffmpeg-python, in one place.

- `probe(path)`: validate an upload and read its metadata (raises `InvalidVideo`).
- `extract_poster`, `make_thumbnail_strip`: pictures taken from the video.
- `output_arguments(preset, video)`: the ONE place a `DownloadPreset` becomes ffmpeg arguments.
- `transcode(...)`: render a preset over a range, reporting progress from ffmpeg's `-progress`.
- `original_quality_reencode_arguments(video)`: a high-quality re-encode in the original's own
  codecs, for a range smart cut cannot cut (`transcode(..., reencode=True)`).
- `local_copy(field_file)`: a local path for a stored file, downloaded when the storage (S3) has
  none.

ffmpeg only ever opens local files: inputs are given as `file:` URLs with the protocol
whitelist reduced to `file`, so a crafted playlist cannot make it fetch anything. Every run has
a time limit scaled to the media's duration.
"""

import contextlib
import ctypes
import json
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import ffmpeg as ffmpeg_python
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from media_library.encoding import smartcut

PROTOCOLS = "file"
PR_SET_PDEATHSIG = 1
PROBE_TIMEOUT = 60
STRIP_FRAME_WIDTH = 160
STRIP_COLUMNS = 10
STRIP_MAX_FRAMES = 100


class InvalidVideo(Exception):
    """An upload that is not a usable video; `message` is shown to the editor."""

    MESSAGES = {
        "empty": _("The file is empty."),
        "not_video": _("This file is not a video that can be read."),
        "no_video_stream": _("This file contains no video picture (sound only, or another kind)."),
        "truncated": _("The video is incomplete: the upload or the file seems cut short."),
    }

    def __init__(self, code, detail=""):
        self.code = code
        self.detail = detail
        super().__init__(f"{code}: {detail}")

    @property
    def message(self):
        return self.MESSAGES[self.code]


class FFmpegError(Exception):
    """ffmpeg failed; the text is a short reason fit for an editor's eyes."""


def ffmpeg_binary():
    return getattr(settings, "FFMPEG_BINARY", "ffmpeg")


def ffprobe_binary():
    return getattr(settings, "FFPROBE_BINARY", "ffprobe")


def file_url(path):
    return "file:" + str(Path(path).resolve())


def media_input(path, **options):
    return ffmpeg_python.input(file_url(path), protocol_whitelist=PROTOCOLS, **options)


# --- Probing --------------------------------------------------------------------------------


@dataclass
class Metadata:
    format_name: str
    duration: Decimal
    size: int
    width: int
    height: int
    frame_rate: Decimal
    video_codec: str
    video_bitrate: int | None
    audio_codec: str
    audio_bitrate: int | None
    audio_sample_rate: int | None
    audio_channels: int | None

    def as_fields(self):
        return dict(self.__dict__)


def _ratio(text):
    try:
        numerator, _, denominator = (text or "0/1").partition("/")
        value = float(numerator) / float(denominator or 1)
    except (ValueError, ZeroDivisionError):
        return Decimal(0)
    return Decimal(f"{value:.3f}")


def _integer(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def probe(path):
    """Metadata of the video at `path`, or InvalidVideo saying why it cannot be accepted."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise InvalidVideo("empty")
    command = [
        ffprobe_binary(),
        "-v",
        "error",
        "-protocol_whitelist",
        PROTOCOLS,
        "-show_format",
        "-show_streams",
        "-of",
        "json",
        file_url(path),
    ]
    try:
        completed = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise InvalidVideo("not_video", "ffprobe timed out") from None
    errors = completed.stderr.decode(errors="replace")
    if completed.returncode != 0:
        lowered = errors.lower()
        if "moov atom not found" in lowered and _starts_like_mp4(path):
            raise InvalidVideo("truncated", errors[-500:])
        raise InvalidVideo("not_video", errors[-500:])
    info = json.loads(completed.stdout or b"{}")
    streams = info.get("streams", [])
    video = next(
        (
            stream
            for stream in streams
            if stream.get("codec_type") == "video"
            and not stream.get("disposition", {}).get("attached_pic")
        ),
        None,
    )
    if video is None:
        raise InvalidVideo("no_video_stream")
    audio = next((stream for stream in streams if stream.get("codec_type") == "audio"), None)
    container = info.get("format", {})
    duration = float(container.get("duration") or video.get("duration") or 0)
    if not duration > 0 or not math.isfinite(duration):
        raise InvalidVideo("truncated", "no duration")
    metadata = Metadata(
        format_name=container.get("format_name", "")[:100],
        duration=Decimal(f"{duration:.3f}"),
        size=size,
        width=_integer(video.get("width")) or 0,
        height=_integer(video.get("height")) or 0,
        frame_rate=_ratio(video.get("avg_frame_rate") or video.get("r_frame_rate")),
        video_codec=video.get("codec_name", ""),
        video_bitrate=_integer(video.get("bit_rate")),
        audio_codec=audio.get("codec_name", "") if audio else "",
        audio_bitrate=_integer(audio.get("bit_rate")) if audio else None,
        audio_sample_rate=_integer(audio.get("sample_rate")) if audio else None,
        audio_channels=_integer(audio.get("channels")) if audio else None,
    )
    _check_complete(path, metadata)
    return metadata


def _starts_like_mp4(path):
    """An MP4/MOV whose index is missing was cut short; a text named .mp4 is no video."""
    with open(path, "rb") as handle:
        return handle.read(12)[4:8] in {b"ftyp", b"mdat", b"wide", b"free", b"moov"}


def _check_complete(path, metadata):
    """Decode the last second: a file cut short announces a duration it cannot deliver."""
    seek = max(float(metadata.duration) - 1.0, 0)
    stream = media_input(path, ss=f"{seek:.3f}").output("-", map="0:v:0", f="null", vframes=1)
    command = stream.global_args("-hide_banner", "-v", "error", "-xerror").compile(
        cmd=ffmpeg_binary()
    )
    try:
        completed = subprocess.run(command, capture_output=True, timeout=PROBE_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise InvalidVideo("truncated", "decoding timed out") from None
    if completed.returncode != 0:
        raise InvalidVideo("truncated", completed.stderr.decode(errors="replace")[-500:])


# --- Pictures -------------------------------------------------------------------------------


def poster_time(duration):
    """A frame early enough to be representative, late enough to skip a fade-in."""
    duration = float(duration)
    return min(duration * 0.1, 5.0) if duration > 0.5 else 0.0


def extract_poster(source, output, duration):
    """Write one JPEG frame of `source` to `output`."""
    stream = media_input(source, ss=f"{poster_time(duration):.3f}").output(
        str(output), map="0:v:0", vframes=1, **{"q:v": 3}
    )
    run(stream, time_limit=time_limit(duration, factor=0.2))


def strip_interval(duration):
    """Seconds between two frames of the strip: a few seconds, at most STRIP_MAX_FRAMES frames."""
    return max(2.0, math.ceil(float(duration) / STRIP_MAX_FRAMES))


def make_thumbnail_strip(source, output, duration, source_width, source_height):
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
        media_input(source)
        .video.filter("fps", fps=f"1/{interval:g}")
        .filter("scale", STRIP_FRAME_WIDTH, frame_height)
        .filter("tile", f"{columns}x{rows}")
        .output(str(output), vframes=1, **{"q:v": 5})
    )
    run(stream, time_limit=time_limit(duration, factor=0.5))
    return {
        "strip_interval": Decimal(f"{interval:.3f}"),
        "strip_frames": frames,
        "strip_columns": columns,
        "strip_frame_width": STRIP_FRAME_WIDTH,
        "strip_frame_height": frame_height,
    }


# --- Presets --------------------------------------------------------------------------------


def target_height(preset, video):
    """The preset's height, never above the original's, even (H.264 needs even sizes)."""
    if not preset.height or not video.height or preset.height >= video.height:
        return None
    return preset.height - preset.height % 2


def output_arguments(preset, video):
    """ffmpeg output options for `preset` applied to `video` (a VideoFile): the one place."""
    from media_library.models import Container

    if preset.is_original:
        return {"c": "copy", "map": ["0:v:0", "0:a?"], "avoid_negative_ts": "make_zero"}
    options = {"map": ["0:a:0?"] if preset.audio_only else ["0:v:0", "0:a:0?"]}
    if preset.audio_only:
        options["vn"] = None
    else:
        options["c:v"] = preset.video_codec
        if preset.video_codec != "copy":
            options["pix_fmt"] = "yuv420p"
            options["preset"] = getattr(settings, "MEDIA_LIBRARY_X264_PRESET", "fast")
            if preset.crf is not None:
                options["crf"] = preset.crf
            elif preset.video_bitrate:
                options["b:v"] = f"{preset.video_bitrate}k"
                options["maxrate"] = f"{preset.video_bitrate * 3 // 2}k"
                options["bufsize"] = f"{preset.video_bitrate * 2}k"
            height = target_height(preset, video)
            if height:
                options["vf"] = f"scale=-2:{height}"
    if not video.audio_codec or not preset.audio_codec:
        options["an"] = None
    else:
        options["c:a"] = preset.audio_codec
        if preset.audio_bitrate and preset.audio_codec not in {"copy", "pcm_s16le", "pcm_s24le"}:
            options["b:a"] = f"{preset.audio_bitrate}k"
        if preset.audio_sample_rate:
            options["ar"] = preset.audio_sample_rate
    if preset.container in {Container.MP4, Container.MOV, Container.M4A}:
        options["movflags"] = "+faststart"
    return options


# The original's codec -> its encoder at a quality meant to be indistinguishable from the source.
ORIGINAL_VIDEO_ENCODERS = {
    "h264": {"c:v": "libx264", "crf": 16, "preset": "fast"},
    "hevc": {"c:v": "libx265", "crf": 18, "preset": "fast"},
    "mpeg1video": {"c:v": "mpeg1video", "q:v": 2},
    "mpeg2video": {"c:v": "mpeg2video", "q:v": 2},
    "mpeg4": {"c:v": "mpeg4", "q:v": 2},
    "mjpeg": {"c:v": "mjpeg", "q:v": 2},
    "prores": {"c:v": "prores_ks", "profile:v": 3},
    "vp8": {"c:v": "libvpx", "crf": 6, "b:v": "40M"},
    "vp9": {"c:v": "libvpx-vp9", "crf": 18, "b:v": 0},
}
# codec -> (encoder, lowest bitrate in kbit/s; the original's own bitrate when higher)
ORIGINAL_AUDIO_ENCODERS = {
    "aac": ("aac", 256),
    "mp2": ("mp2", 256),
    "mp3": ("libmp3lame", 320),
    "ac3": ("ac3", 384),
    "opus": ("libopus", 192),
    "vorbis": ("libvorbis", 256),
}
LOSSLESS_AUDIO = ("pcm_", "flac")


def original_quality_reencode_arguments(video):
    """ffmpeg output options re-encoding `video` at high quality in its own codecs, for the
    original's container: a frame-accurate original-quality clip when it cannot be cut losslessly.
    A codec without an encoder here falls back to H.264 (video) or AAC (sound)."""
    options = {
        "map": ["0:v:0", "0:a?"],
        **ORIGINAL_VIDEO_ENCODERS.get(video.video_codec, ORIGINAL_VIDEO_ENCODERS["h264"]),
    }
    codec = video.audio_codec
    if not codec:
        options["an"] = None
    elif codec.startswith(LOSSLESS_AUDIO):
        options["c:a"] = codec
    else:
        encoder, kilobits = ORIGINAL_AUDIO_ENCODERS.get(codec, ORIGINAL_AUDIO_ENCODERS["aac"])
        options["c:a"] = encoder
        options["b:a"] = f"{max(kilobits, (video.audio_bitrate or 0) // 1000)}k"
    if video.file.name.lower().endswith((".mp4", ".m4v", ".mov")):
        options["movflags"] = "+faststart"
    return options


def speed_factor(preset):
    """Rough worst-case seconds of work per second of media, for the time limit."""
    if preset.is_original or preset.audio_only or preset.video_codec == "copy":
        return 0.5
    height = preset.height or 2160
    return 8.0 if height > 720 else 4.0


def time_limit(duration, factor=1.0):
    """Seconds allowed for a run over `duration` seconds of media: scaled, with a floor."""
    floor = getattr(settings, "MEDIA_LIBRARY_MIN_TIME_LIMIT", 120)
    return int(max(floor, float(duration) * factor * 2 + 60))


def transcode(source, output, preset, video, start=0, end=None, progress=None, reencode=False):
    """Render `preset` of `source` over [start, end) into `output` (a local path). With
    `reencode`, the original-quality preset is re-encoded (frame-accurate) instead of copied.

    The clip holds exactly the source frames of the range, each bound rounded to the nearest
    frame (the rule of `smartcut.plan`): the input is sought to the first frame's own time, so
    no frame is repeated to fill a gap before it, and exactly that many frames are written,
    with the sound of the same span."""
    start = float(start or 0)
    end = float(video.duration if end is None else end)
    reencode = reencode and preset.is_original
    if reencode:
        options = original_quality_reencode_arguments(video)
    else:
        options = output_arguments(preset, video)
    with tempfile.TemporaryDirectory(prefix="media-cut-", dir=work_dir()) as work:
        if start <= 0 and end >= float(video.duration):
            # The whole video (every full-length rendition of an upload): nothing to seek, so
            # no packet listing and no copy of a non-MOV source.
            seek, length, frame_count = 0.0, end, None
        else:
            source, seek, length, frame_count = frame_span(source, start, end, Path(work))
        options["t"] = f"{math.ceil(length * 1_000_000) / 1_000_000:.6f}"
        if frame_count and not preset.audio_only and not (preset.is_original and not reencode):
            options["frames:v"] = frame_count
            options["fps_mode"] = "passthrough"
        maps = options.pop("map")
        seek = math.floor(seek * 1_000_000) / 1_000_000  # never after the first frame
        source_stream = media_input(source, **({"ss": f"{seek:.6f}"} if seek > 0 else {}))
        stream = ffmpeg_python.output(
            *[source_stream[selector[2:]] for selector in maps], str(output), **options
        )
        run(
            stream,
            time_limit=time_limit(length, 8.0 if reencode else speed_factor(preset)),
            duration=length,
            progress=progress,
        )


def frame_span(source, start, end, work):
    """(input, first frame's time, length, frame count) of the frames of [start, end) seconds,
    each bound rounded to the nearest frame, listed from the source's index (any frame rate).
    A source other than MOV/MP4, which ffmpeg seeks by guess, is first copied into MOV in
    `work` (see smartcut.seekable_source) and that copy is the input. The requested times
    themselves (and no count) when the source's frames cannot be read."""
    try:
        info = smartcut.probe(source)
        seekable, info, origin = smartcut.seekable_source(source, info, work)
        cut_plan, _ = smartcut.make_plan(seekable, start, end, info, origin)
    except smartcut.SmartCutError:
        return source, start, end - start, None
    return seekable, float(cut_plan.first_time), float(cut_plan.duration), cut_plan.frame_count


# --- Running --------------------------------------------------------------------------------


def run(stream, *, time_limit, duration=None, progress=None):
    """Run an ffmpeg-python stream; call `progress(percent)` as ffmpeg reports its position.

    Raises FFmpegError with the end of ffmpeg's error output, or when the time limit passes
    (ffmpeg is then killed)."""
    command = (
        stream.overwrite_output()
        .global_args("-nostdin", "-v", "error", "-progress", "pipe:1", "-nostats")
        .compile(cmd=ffmpeg_binary())
    )
    deadline = time.monotonic() + time_limit
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=errors, preexec_fn=_die_with_parent
        )
        try:
            for line in process.stdout:
                if time.monotonic() > deadline:
                    raise FFmpegError(f"ffmpeg took longer than its time limit ({time_limit} s)")
                key, _, value = line.decode(errors="replace").strip().partition("=")
                if key == "out_time_us" and duration and progress and value.isdigit():
                    progress(min(99, int(int(value) / 1_000_000 / duration * 100)))
            process.wait(timeout=max(1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            raise FFmpegError(f"ffmpeg took longer than its time limit ({time_limit} s)") from None
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        if process.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode(errors="replace").strip().splitlines()[-3:]
            raise FFmpegError(" / ".join(tail)[-400:] or f"ffmpeg exited with {process.returncode}")


def _die_with_parent():
    """In the child, before exec: ask Linux to SIGKILL ffmpeg if its worker dies (SIGKILL of a
    worker must not leave an orphan encode running)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass


# --- Storage --------------------------------------------------------------------------------


@contextlib.contextmanager
def local_copy(field_file):
    """A local path to read a stored file: its own path on disk, else a temporary download."""
    try:
        path = field_file.path
    except NotImplementedError:
        path = None
    if path and os.path.exists(path):
        yield path
        return
    suffix = Path(field_file.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix, dir=work_dir()) as copy:
        field_file.open("rb")
        try:
            shutil.copyfileobj(field_file, copy, length=1024 * 1024)
        finally:
            field_file.close()
        copy.flush()
        yield copy.name


def work_dir():
    return getattr(settings, "MEDIA_LIBRARY_WORK_DIR", None) or tempfile.gettempdir()
