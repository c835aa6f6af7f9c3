"""Is an upload a video the portal accepts, and what is in it.

`probe(path)` returns its `Metadata` or raises `InvalidVideo`, whose `message` tells the editor
why, in their language: an empty file, something that is not a video (or a playlist, a list of
files, a picture: see runner.UPLOAD_DEMUXERS), a file cut short, sound only, a video longer than
MEDIA_LIBRARY_MAX_DURATION, or one whose timestamps jump (a few seconds of pictures announced as
hours: such a file would hold a worker for as long as it claims).

`streams(path, container)` is ffprobe's description of an accepted file (smart cut, checks).
"""

import json
import math
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from media_library.encoding import runner
from media_library.encoding.runner import FFmpegError

# Longest stretch without any packet in a video or sound stream that a real recording has.
LONGEST_TIMESTAMP_GAP = 30  # seconds
NOT_ON_WHITELIST = "not on whitelist"


class InvalidVideo(Exception):
    """An upload that is not a usable video; `message` is shown to the editor."""

    MESSAGES = {
        "empty": _("The file is empty."),
        "not_video": _("This file is not a video that can be read."),
        "not_accepted": _(
            "This kind of file is not accepted: upload the video file itself (MP4, MOV, MKV, "
            "MXF…), not a playlist, a list of files or a picture."
        ),
        "no_video_stream": _("This file contains no video picture (sound only, or another kind)."),
        "truncated": _("The video is incomplete: the upload or the file seems cut short."),
        "too_long": _("The video lasts %(duration)s; the longest accepted is %(longest)s."),
        "timestamps": _(
            "The video's timestamps jump by %(gap)s: it announces a length its pictures and "
            "sound do not have. Export it again from the editing software."
        ),
    }

    def __init__(self, code, detail="", **values):
        self.code = code
        self.detail = detail
        self.values = values
        super().__init__(f"{code}: {detail}")

    @property
    def message(self):
        message = self.MESSAGES[self.code]
        return message % self.values if self.values else message


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


def clock(seconds):
    """3725 -> '1:02:05' (for the messages above)."""
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def streams(path, container=None):
    """ffprobe's format and streams of `path` (a dict); `container` forces the demuxer."""
    arguments = ["-show_format", "-show_streams", "-of", "json"]
    completed = runner.ffprobe([*arguments, *runner.input_arguments(path, container)])
    return json.loads(completed.output or "{}")


def probe(path):
    """Metadata of the video at `path`, or InvalidVideo saying why it cannot be accepted."""
    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        raise InvalidVideo("empty")
    arguments = ["-show_format", "-show_streams", "-of", "json"]
    policy = runner.input_arguments(path)[:-2]  # the policy, the container not known yet
    try:
        completed = runner.ffprobe([*policy, *arguments, runner.file_url(path)])
    except FFmpegError as error:
        lowered = str(error).lower()
        if NOT_ON_WHITELIST in lowered:
            raise InvalidVideo("not_accepted", str(error)) from None
        if "moov atom not found" in lowered and _starts_like_mp4(path):
            raise InvalidVideo("truncated", str(error)) from None
        raise InvalidVideo("not_video", str(error)) from None
    info = json.loads(completed.output or "{}")
    container = info.get("format", {})
    try:
        demuxer = runner.demuxer_of(container.get("format_name"))
    except FFmpegError as error:
        raise InvalidVideo("not_accepted", str(error)) from None
    video = _picture_stream(info.get("streams", []))
    if video is None:
        raise InvalidVideo("no_video_stream")
    audio = next((s for s in info["streams"] if s.get("codec_type") == "audio"), None)
    duration = float(container.get("duration") or video.get("duration") or 0)
    if not duration > 0 or not math.isfinite(duration):
        raise InvalidVideo("truncated", "no duration")
    _check_timestamps(path, demuxer, float(container.get("start_time") or 0), duration)
    longest = settings.MEDIA_LIBRARY_MAX_DURATION
    if duration > longest:
        raise InvalidVideo("too_long", duration=clock(duration), longest=clock(longest))
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
    _check_complete(path, demuxer, metadata)
    return metadata


def _picture_stream(streams):
    """The first video stream that is moving pictures (not a cover image)."""
    return next(
        (
            stream
            for stream in streams
            if stream.get("codec_type") == "video"
            and not stream.get("disposition", {}).get("attached_pic")
        ),
        None,
    )


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


def _starts_like_mp4(path):
    """An MP4/MOV whose index is missing was cut short; a text named .mp4 is no video."""
    with open(path, "rb") as handle:
        return handle.read(12)[4:8] in {b"ftyp", b"mdat", b"wide", b"free", b"moov"}


def _check_timestamps(path, demuxer, start, duration):
    """Refuse a file whose picture or sound stops for longer than LONGEST_TIMESTAMP_GAP, or
    whose container announces more than its streams hold: the packets' times are read (no
    decoding, about a second per gigabyte)."""
    try:
        completed = runner.ffprobe(
            [
                "-select_streams", "V", "-show_entries", "packet=pts_time,duration_time",
                "-of", "csv=p=0", *runner.input_arguments(path, demuxer),
            ],
            time_limit=runner.time_limit(min(duration, settings.MEDIA_LIBRARY_MAX_DURATION), 0.1),
        )  # fmt: skip
    except FFmpegError as error:
        raise InvalidVideo("not_video", str(error)) from None
    times = sorted(time - start for time in _floats(completed.output))
    if not times:
        raise InvalidVideo("truncated", "no picture packets")
    gaps = [later - earlier for earlier, later in zip(times, times[1:], strict=False)]
    gaps.append(duration - times[-1])  # the end: the container's duration after the last frame
    gaps.append(times[0])  # the start: the first frame after the timeline's 0
    widest = max(gaps)
    if widest > LONGEST_TIMESTAMP_GAP:
        raise InvalidVideo("timestamps", f"{widest:.1f} s without a picture", gap=clock(widest))


def _floats(output):
    for line in output.splitlines():
        try:
            yield float(line.split(",")[0])
        except ValueError:
            continue


def _check_complete(path, demuxer, metadata):
    """Decode the last second: a file cut short announces a duration it cannot deliver."""
    seek = max(float(metadata.duration) - 1.0, 0)
    try:
        runner.ffmpeg(
            [
                *runner.input_arguments(path, demuxer, ss=f"{seek:.3f}"),
                "-map", "0:v:0", "-frames:v", "1", "-xerror", "-f", "null", "-",
            ],
            time_limit=runner.PROBE_TIME_LIMIT,
        )  # fmt: skip
    except FFmpegError as error:
        raise InvalidVideo("truncated", str(error)) from None
