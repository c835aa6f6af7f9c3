"""SRT and WebVTT files: reading (with every problem named by its line) and writing.

Cue text is kept as plain text: markup (`<i>`, `<v Speaker>`, `{\\an8}`) is dropped on import
and WebVTT's entities are decoded, so that the transcript, the search index and the
translator's segments see words, and a track converts between the two formats without loss.
A blank line ends a cue in both formats, so lines inside a cue are never blank.
"""

import html
import re
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from . import rules
from .cues import Cue, clock

MAX_FILE_SIZE = 1024 * 1024  # bytes: a three-hour film has about 200 kB of captions
MAX_PROBLEMS = 20  # listed at most; the count of the others follows

_TIME = re.compile(r"^(?:(\d+):)?([0-5]\d):([0-5]\d)[.,](\d{3})$")
_MARKUP = re.compile(r"<[^>]*>|\{\\[^}]*\}")


class CaptionFileError(ValueError):
    """A file that cannot become a track; `messages` says why, line by line (in the language
    active when it was read)."""

    def __init__(self, messages):
        self.messages = [str(message) for message in messages]
        super().__init__("; ".join(self.messages))


def _at_line(line, message):
    return _("Line %(line)s: %(problem)s") % {"line": line, "problem": message}


def _time(text):
    match = _TIME.match(text.strip())
    if not match:
        raise ValueError(text)
    hours, minutes, whole, millis = match.groups()
    return Decimal(int(hours or 0) * 3600 + int(minutes) * 60 + int(whole)) + Decimal(f"0.{millis}")


def _plain(text):
    return html.unescape(_MARKUP.sub("", text))


def _decode(data):
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise CaptionFileError(
            [
                _at_line(
                    line,
                    _(
                        "the file is not UTF-8 text. Save it as UTF-8 (most subtitle editors "
                        "offer it) and import it again."
                    ),
                )
            ]
        ) from None


def _blocks(text):
    """(line number of the block's first line, [lines]) for each block between blank lines."""
    block, first = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not block:
                first = number
            block.append(line.rstrip())
        elif block:
            yield first, block
            block = []
    if block:
        yield first, block


def _cue_of(first, lines, errors):
    """The cue of a block and the line of its timing, or None (an error is added)."""
    timing = next((i for i, line in enumerate(lines[:2]) if "-->" in line), None)
    if timing is None:
        errors.append(
            _at_line(first, _("no timing line (“00:00:01.000 --> 00:00:03.000”) in this cue."))
        )
        return None, first
    line_number = first + timing
    start_text, _arrow, rest = lines[timing].partition("-->")
    end_text = (rest.split() or [""])[0]  # WebVTT settings may follow the end time
    try:
        start, end = _time(start_text), _time(end_text)
    except ValueError:
        errors.append(
            _at_line(
                line_number,
                _("“%(timing)s” is not a timing: write it as 00:00:01.000 --> 00:00:03.000.")
                % {"timing": lines[timing].strip()[:60]},
            )
        )
        return None, line_number
    text = "\n".join(_plain(line).strip() for line in lines[timing + 1 :])
    return Cue(start, end, "\n".join(part for part in text.split("\n") if part)), line_number


def check_size(size, max_size=MAX_FILE_SIZE):
    """Refuse a file of `size` bytes above `max_size` before reading it."""
    if size > max_size:
        raise CaptionFileError(
            [
                _("The file is %(size)s kB: caption files are accepted up to %(max)s kB.")
                % {"size": -(-size // 1024), "max": max_size // 1024}
            ]
        )


def read(data, duration=None, max_size=MAX_FILE_SIZE):
    """The cues of an SRT or WebVTT file (`bytes`), checked against the video's `duration`.

    Raises `CaptionFileError` listing every problem with its line; nothing is returned then,
    so a bad file never replaces a good track."""
    check_size(len(data), max_size)
    text = _decode(data)
    blocks = list(_blocks(text))
    if blocks and blocks[0][1][0].startswith("WEBVTT"):
        blocks = blocks[1:]  # the header and its metadata
        blocks = [b for b in blocks if not b[1][0].startswith(("NOTE", "STYLE", "REGION"))]
    errors, cues, lines = [], [], []
    for first, block in blocks:
        cue, line = _cue_of(first, block, errors)
        if cue is not None:
            cues.append(cue)
            lines.append(line)
    for index, _field, message in rules.problems(cues, duration):
        errors.append(_at_line(lines[index], message))
    if not cues and not errors:
        errors.append(_("The file contains no cues: is it an SRT or WebVTT file?"))
    if errors:
        shown = errors[:MAX_PROBLEMS]
        if len(errors) > MAX_PROBLEMS:
            shown.append(
                _("… and %(count)s other problems.") % {"count": len(errors) - MAX_PROBLEMS}
            )
        raise CaptionFileError(shown)
    return cues


def _text_lines(text):
    return "\n".join(line for line in text.splitlines() if line.strip())


def to_webvtt(cues):
    """A WebVTT file (str) of the cues."""
    parts = ["WEBVTT\n"]
    for cue in cues:
        text = html.escape(_text_lines(cue.text), quote=False)
        parts.append(f"{clock(cue.start)} --> {clock(cue.end)}\n{text}\n")
    return "\n".join(parts)


def to_srt(cues):
    """An SRT file (str) of the cues, numbered from 1."""
    parts = []
    for number, cue in enumerate(cues, 1):
        timing = f"{clock(cue.start, ',')} --> {clock(cue.end, ',')}"
        parts.append(f"{number}\n{timing}\n{_text_lines(cue.text)}\n")
    return "\n".join(parts)
