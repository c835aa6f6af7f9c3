"""The one way the portal runs ffmpeg and ffprobe: which programs, what they may read, how long
they may take, what they report, and that they never outlive the process that started them.

What ffmpeg may read (the protocol and demuxer policy):

- only local files (`-protocol_whitelist file`, every input given as a `file:` URL, so no part
  of a name is ever read as a protocol);
- an uploaded file only through the real container demuxers of `UPLOAD_DEMUXERS`
  (`-format_whitelist`), and after the probe with its container forced (`-f`): no playlist
  (HLS, concat, ffconcat), no image sequence, nothing that opens another file. The probe is the
  only run that lets ffmpeg guess the container, and then only among those demuxers;
- the portal's own work files (the smart cut's pieces and their listing) through
  `WORK_DEMUXERS`: they are written by the portal in a folder of its own, never by a user.

Every run has a time limit (`time_limit`, the one formula, bounded by MEDIA_MAX_JOB_SECONDS),
enforced even when ffmpeg prints nothing; its warnings are returned (and logged) so that tests
can insist on none; and on Linux each process gets the parent-death signal (SIGKILL): when the
worker (or the thread) that started it dies, even by SIGKILL, ffmpeg dies too.
"""

import ctypes
import logging
import os
import selectors
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

PROTOCOLS = "file"
# Demuxers of real media containers, which read the one file they are given.
UPLOAD_DEMUXERS = (
    "mov",  # also mp4, m4a, 3gp, mj2
    "matroska",  # also webm
    "avi",
    "mpegts",
    "mpeg",  # MPEG program streams (.mpg, .vob)
    "mxf",
    "flv",
    "asf",  # also wmv
    "ogg",
    "dv",
    "mp3",  # sound-only containers, so that the probe can say "no picture"
    "wav",
    "aac",
    "flac",
)
# The smart cut's own files: pieces in MPEG-TS or Matroska, a MOV copy, the concat listing.
WORK_DEMUXERS = ("concat", "mpegts", "matroska", "mov", "srt")  # srt: captions cut by the worker
PR_SET_PDEATHSIG = 1
MINIMUM_TIME_LIMIT = 120
PROBE_TIME_LIMIT = 60


class FFmpegError(Exception):
    """ffmpeg or ffprobe failed or ran out of time; the text is a short reason."""


@dataclass
class Completed:
    """What a finished run printed: its standard output and its warnings (one per line)."""

    output: str
    warnings: list = field(default_factory=list)


def ffmpeg_binary():
    return settings.FFMPEG_BINARY


def ffprobe_binary():
    return settings.FFPROBE_BINARY


def file_url(path):
    return "file:" + str(Path(path).resolve())


def demuxer_of(format_name):
    """The demuxer to force for a container the probe named (its `format_name`, e.g.
    'mov,mp4,m4a,3gp,3g2,mj2' -> 'mov'); FFmpegError when it is not one ffmpeg may open."""
    names = (format_name or "").split(",")
    if names[0] not in UPLOAD_DEMUXERS and not set(names) & set(UPLOAD_DEMUXERS):
        raise FFmpegError(f"container {format_name!r} is not accepted")
    return next(name for name in names if name in UPLOAD_DEMUXERS)


def input_options(container=None, *, work_file=False):
    """Options that go before an input's `-i` (as a dict, ffmpeg-python's form): the protocol
    and demuxer policy, and the container forced when it is known."""
    allowed = WORK_DEMUXERS if work_file else UPLOAD_DEMUXERS
    options = {"protocol_whitelist": PROTOCOLS, "format_whitelist": ",".join(allowed)}
    if container:
        options["f"] = container if work_file else demuxer_of(container)
    return options


def input_arguments(path, container=None, *, work_file=False, **options):
    """`[... -i file:<path>]`: one input, with the policy and any other input options."""
    arguments = []
    for name, value in {**input_options(container, work_file=work_file), **options}.items():
        arguments += [f"-{name}", str(value)]
    return [*arguments, "-i", file_url(path)]


def time_limit(media_seconds, factor=1.0):
    """Seconds a run over `media_seconds` of media may take, `factor` being its worst-case
    seconds of work per second of media: doubled, plus a minute, with a floor
    (MEDIA_LIBRARY_MIN_TIME_LIMIT) and a ceiling (MEDIA_LIBRARY_MAX_JOB_SECONDS)."""
    floor = settings.MEDIA_LIBRARY_MIN_TIME_LIMIT
    ceiling = settings.MEDIA_LIBRARY_MAX_JOB_SECONDS
    return int(min(ceiling, max(floor, float(media_seconds) * factor * 2 + 60)))


def ffmpeg(arguments, *, time_limit, duration=None, progress=None, frames=None):
    """Run ffmpeg with `arguments` (inputs from `input_arguments`, outputs...).

    `progress(percent)` is called as ffmpeg's position advances over `duration` seconds;
    `frames(count)` as it writes frames. Returns a Completed; raises FFmpegError."""
    reporting = progress is not None or frames is not None
    command = [ffmpeg_binary(), "-nostdin", "-hide_banner", "-nostats", "-v", "warning"]
    if reporting:
        command += ["-progress", "pipe:1"]
    command += ["-y", *arguments]
    listener = _ProgressListener(duration, progress, frames) if reporting else None
    return _run(command, time_limit, listener)


def ffprobe(arguments, *, time_limit=PROBE_TIME_LIMIT):
    """Run ffprobe with `arguments`; returns a Completed (its output: what was asked)."""
    command = [ffprobe_binary(), "-hide_banner", "-v", "warning", *arguments]
    return _run(command, time_limit, None)


class _ProgressListener:
    def __init__(self, duration, progress, frames):
        self.duration, self.progress, self.frames = duration, progress, frames

    def __call__(self, line):
        key, _, value = line.strip().partition("=")
        if not value.isdigit():
            return
        if key == "frame" and self.frames:
            self.frames(int(value))
        elif key == "out_time_us" and self.duration and self.progress:
            self.progress(min(99, int(int(value) / 1_000_000 / float(self.duration) * 100)))


def _run(command, limit, listener):
    """Start `command`, read its output until it ends or `limit` seconds pass (then kill it)."""
    deadline = time.monotonic() + limit
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent(),  # noqa: PLW1509 (only a prctl call, resolved in advance)
    )
    output, errors = bytearray(), bytearray()
    pending = b""
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ, output)
            selector.register(process.stderr, selectors.EVENT_READ, errors)
            while selector.get_map():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise FFmpegError(
                        f"{Path(command[0]).name} took longer than its time limit ({limit:.0f} s)"
                    )
                for key, _ in selector.select(timeout=min(remaining, 1.0)):
                    chunk = os.read(key.fd, 65536)
                    if not chunk:
                        selector.unregister(key.fileobj)
                    elif listener and key.data is output:
                        pending += chunk
                        *lines, pending = pending.split(b"\n")
                        for line in lines:
                            listener(line.decode(errors="replace"))
                    else:
                        key.data.extend(chunk)
        process.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        raise FFmpegError(
            f"{Path(command[0]).name} took longer than its time limit ({limit:.0f} s)"
        ) from None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
    messages = errors.decode(errors="replace").strip().splitlines()
    if process.returncode != 0:
        reason = " / ".join(messages[-3:])[-1500:]
        raise FFmpegError(reason or f"{Path(command[0]).name} exited with {process.returncode}")
    for message in messages:
        logger.warning("%s: %s", Path(command[0]).name, message)
    return Completed(output.decode(errors="replace"), messages)


_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def _die_with_parent():
    """A function for the child, between fork and exec: ask Linux to SIGKILL it when the thread
    that starts it dies (a worker killed with SIGKILL must not leave ffmpeg running), and give
    up at once if that happened already. Resolved before the fork: the child only calls it."""
    if _LIBC is None:
        return None
    parent = os.getpid()
    prctl = _LIBC.prctl

    def in_child():
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)

    return in_child
