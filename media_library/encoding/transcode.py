"""Renditions made by encoding: the ONE place a `DownloadPreset` becomes ffmpeg arguments
(`output_arguments`), the high-quality re-encode in the original's own codecs for a range the
smart cut cannot cut (`original_quality_reencode_arguments`), and `transcode`, which renders
either over a range, frame-exactly, reporting progress.

`preset` and `video` are read for their fields only (a DownloadPreset and a VideoFile, or
anything with the same attributes).
"""

import math
import re
from pathlib import Path

import ffmpeg as ffmpeg_python
from django.conf import settings

from media_library.encoding import runner, smartcut
from media_library.encoding.vocabulary import FASTSTART_CONTAINERS


def target_height(preset, video):
    """The preset's height, never above the original's, even (H.264 needs even sizes)."""
    if not preset.height or not video.height or preset.height >= video.height:
        return None
    return preset.height - preset.height % 2


def output_arguments(preset, video):
    """ffmpeg output options for `preset` applied to `video` (a VideoFile): the one place."""
    if preset.is_original:
        return {"c": "copy", "map": ["0:v:0", "0:a?"], "avoid_negative_ts": "make_zero"}
    options = {"map": ["0:a:0?"] if preset.audio_only else ["0:v:0", "0:a:0?"]}
    if preset.audio_only:
        options["vn"] = None
    else:
        options["c:v"] = preset.video_codec
        if preset.video_codec != "copy":
            options["pix_fmt"] = "yuv420p"
            options["preset"] = settings.MEDIA_LIBRARY_X264_PRESET
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
    if preset.container in FASTSTART_CONTAINERS:
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
REENCODE_FACTOR = 8.0  # seconds of work per second of media, re-encoding in the original's codecs


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


def speed_factor(preset, full_length=True):
    """Rough worst-case seconds of work per second of media, for the time limit. A partial
    original-quality clip may be re-encoded whole (a range the smart cut cannot copy)."""
    if preset.is_original and not full_length:
        return REENCODE_FACTOR
    if preset.is_original or preset.audio_only or preset.video_codec == "copy":
        return 0.5
    height = preset.height or 2160
    return 8.0 if height > 720 else 4.0


# Language tags of subtitle streams: ISO 639-2, as MP4/MOV players read them.
ISO_639_2 = {"fr": "fra", "en": "eng"}
# libass draws burned-in captions with this font (Debian's fonts-dejavu-core: every accent).
BURN_IN_STYLE = "FontName=DejaVu Sans,FontSize=20,Outline=2,MarginV=18"
_SAFE_PATH = re.compile(r"^[\w./-]+$")


def burn_in_filter(path):
    """The `subtitles` filter (libass) drawing the SRT file `path` on the picture. The path is
    one the worker made; anything a filter graph would read as syntax is refused."""
    if not _SAFE_PATH.match(str(path)):
        raise runner.FFmpegError(f"unusable caption path {path}")
    return f"subtitles=filename={path}:charenc=UTF-8:force_style='{BURN_IN_STYLE}'"


def transcode(
    source,
    output,
    preset,
    video,
    work,
    *,
    start=0,
    end=None,
    segments=None,
    progress=None,
    reencode=False,
    subtitles=(),
    burn_in=None,
):
    """Render `preset` of `source` (the file of `video`) over [start, end) into `output` (a
    local path), with `work` as work folder; or, given several `segments` ([(start, end), ...]
    in clip order), those ranges joined in order (see `transcode_joined`). With `reencode`,
    the original-quality preset is re-encoded (frame-accurate) instead of copied. `subtitles`:
    [(SRT path, language)] carried as mov_text streams; `burn_in`: an SRT path drawn on the
    picture. Both are cut to the clip and timed from its start already (written by the worker
    in `work`).

    The clip holds exactly the source frames of the range, each bound rounded to the nearest
    frame (the rule of `smartcut.plan`): the input is sought to the first frame's own time, so
    no frame is repeated to fill a gap before it, and exactly that many frames are written,
    with the sound of the same span. Returns ffmpeg's warnings."""
    if segments is not None and len(segments) > 1:
        return transcode_joined(
            source, output, preset, video, work, segments,
            progress=progress, reencode=reencode, subtitles=subtitles, burn_in=burn_in,
        )  # fmt: skip
    start = float(start or 0)
    end = float(video.duration if end is None else end)
    reencode = reencode and preset.is_original
    if reencode:
        options = original_quality_reencode_arguments(video)
    else:
        options = output_arguments(preset, video)
    source = smartcut.Source(Path(source), runner.demuxer_of(video.format_name), False, {})
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
    source_stream = ffmpeg_python.input(
        runner.file_url(source.path),
        **runner.input_options(source.container, work_file=source.work_file),
        **({"ss": f"{seek:.6f}"} if seek > 0 else {}),
    )
    streams = [source_stream[selector[2:]] for selector in maps]
    if burn_in:
        options["vf"] = ",".join(filter(None, [options.get("vf"), burn_in_filter(burn_in)]))
    for index, (path, language) in enumerate(subtitles):
        captions = ffmpeg_python.input(
            runner.file_url(path), **runner.input_options("srt", work_file=True)
        )
        streams.append(captions["s:0"])
        options[f"metadata:s:s:{index}"] = f"language={ISO_639_2.get(language, language)}"
    if subtitles:
        options["c:s"] = "mov_text"
    stream = ffmpeg_python.output(*streams, str(output), **options)
    return runner.ffmpeg(
        stream.get_args(),
        time_limit=runner.time_limit(length, REENCODE_FACTOR if reencode else speed_factor(preset)),
        duration=length,
        progress=progress,
    ).warnings


def frame_span(source, start, end, work):
    """(input, first frame's time, length, frame count) of the frames of [start, end) seconds,
    each bound rounded to the nearest frame, listed from the source's index (any frame rate).
    A source other than MOV/MP4, which ffmpeg seeks by guess, is first copied into MOV in
    `work` (see smartcut.seekable_source) and that copy is the input. The requested times
    themselves (and no count) when the source's frames cannot be read."""
    try:
        seekable, (cut_plan,) = segment_plans(source, [(start, end)], work)
    except smartcut.SmartCutError:
        return source, start, end - start, None
    return seekable, float(cut_plan.first_time), float(cut_plan.duration), cut_plan.frame_count


def segment_plans(source, segments, work):
    """(seekable input, [smartcut.CutPlan of each segment]): which frames each range holds."""
    seekable = smartcut.seekable_source(
        smartcut.open_source(source.path, source.container), work, []
    )
    return seekable, [smartcut.make_plan(seekable, float(a), float(b)) for a, b in segments]


def command_line(options):
    """ffmpeg output options (ffmpeg-python's dict form) as arguments: a list value repeats the
    option, None writes it alone."""
    arguments = []
    for name, value in options.items():
        for item in value if isinstance(value, list) else [value]:
            arguments += [f"-{name}"] if item is None else [f"-{name}", str(item)]
    return arguments


def joining_graph(plans, seek, picture, sound, video_filter=None):
    """The filter graph that keeps each plan's frames (and its sound) from the input sought to
    `seek` seconds, and lays the ranges end to end: outputs [v] and/or [a]. Each range's frames
    are those whose times lie within half a frame of its planned first frame and length."""
    chains, parts = [], ""
    for n, cut_plan in enumerate(plans):
        first = float(cut_plan.first_time) - seek
        half = float(cut_plan.frame_duration) / 2
        length = float(cut_plan.duration)
        if picture:
            chains.append(
                f"[0:v:0]trim=start={max(0.0, first - half):.6f}:end={first + length - half:.6f},"
                f"setpts=PTS-STARTPTS[v{n}]"
            )
            parts += f"[v{n}]"
        if sound:
            chains.append(
                f"[0:a:0]atrim=start={max(0.0, first):.6f}:duration={length:.6f},"
                f"asetpts=PTS-STARTPTS[a{n}]"
            )
            parts += f"[a{n}]"
    joined = "[v]" if picture else ""
    if picture and video_filter:
        joined = "[joined]"
    joined += "[a]" if sound else ""
    chains.append(f"{parts}concat=n={len(plans)}:v={int(picture)}:a={int(sound)}{joined}")
    if picture and video_filter:
        chains.append(f"[joined]{video_filter}[v]")
    return ";".join(chains)


def transcode_joined(
    source, output, preset, video, work, segments, *, progress, reencode, subtitles, burn_in
):
    """`transcode` of several ranges laid end to end in one file: each range holds exactly its
    frames (the rule of `smartcut.plan`) and its sound, decoded once from the first range's
    first frame and joined by the `concat` filter before the preset's own filters, so the
    encoder writes one stream with one timing table. `subtitles` and `burn_in` are cut to the
    joined clip already."""
    reencode = reencode and preset.is_original
    options = (
        original_quality_reencode_arguments(video) if reencode else output_arguments(preset, video)
    )
    if preset.is_original and not reencode:
        raise runner.FFmpegError("an original-quality clip of several ranges is a smart cut")
    demuxer = runner.demuxer_of(video.format_name)
    try:
        source, plans = segment_plans(
            smartcut.Source(Path(source), demuxer, False, {}), segments, Path(work)
        )
    except smartcut.SmartCutError as error:
        raise runner.FFmpegError(f"the ranges cannot be cut: {error}") from None
    seek = math.floor(float(plans[0].first_time) * 1_000_000) / 1_000_000
    maps = options.pop("map")
    picture = "vn" not in options
    sound = "an" not in options and any(selector.startswith("0:a") for selector in maps)
    video_filter = ",".join(
        filter(None, [options.pop("vf", None), burn_in and burn_in_filter(burn_in)])
    )
    graph = joining_graph(plans, seek, picture, sound, video_filter)
    inputs = source.input(**({"ss": f"{seek:.6f}"} if seek > 0 else {}))
    mapping = ["-filter_complex", graph]
    mapping += (["-map", "[v]"] if picture else []) + (["-map", "[a]"] if sound else [])
    for index, (path, language) in enumerate(subtitles, 1):
        inputs += runner.input_arguments(path, "srt", work_file=True)
        mapping += ["-map", f"{index}:s:0"]
        options[f"metadata:s:s:{index - 1}"] = f"language={ISO_639_2.get(language, language)}"
    if subtitles:
        options["c:s"] = "mov_text"
    length = float(sum(cut_plan.duration for cut_plan in plans))
    # The graph gives exactly the ranges' frames; a frame count as the limit would end the
    # file before the subtitle packets still waiting to be written.
    options["t"] = f"{math.ceil(length * 1_000_000) / 1_000_000:.6f}"
    factor = REENCODE_FACTOR if reencode else speed_factor(preset)
    return runner.ffmpeg(
        [*inputs, *mapping, *command_line(options), str(output)],
        time_limit=runner.time_limit(length, factor),
        duration=length,
        progress=progress,
    ).warnings
