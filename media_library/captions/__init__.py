"""Captions and subtitles as files and time: reading and writing SRT and WebVTT, the rules a
track must follow, and cutting a track to a clip. Knows no model, no request and no ffmpeg.

- `Cue`: one caption, start and end in seconds (Decimal, to the millisecond) and its text;
- `files.read` parses an SRT or WebVTT file and checks it (`CaptionFileError` lists every
  problem with its line); `files.to_webvtt` / `files.to_srt` write a track;
- `rules.problems` checks cues however they were made (a file, the admin's form);
- `cutting.cut` keeps what a clip shows of a track, re-timed to the clip's start.
"""

from .cues import Cue

__all__ = ["Cue"]
