"""A track cut to a clip: what the clip shows, re-timed to the clip's start.

A clip is one or more ranges of the video laid end to end (a time range, or the shots a
journalist ticked). A cue crossing a cut is trimmed to it; times stay exact to the millisecond
(Decimal arithmetic, no float)."""

from .cues import Cue, seconds


def cut(cues, ranges):
    """The cues of the clip made of `ranges` ([(start, end), ...] in seconds, in clip order).

    A cue split only by the join of two touching ranges comes out whole."""
    clip, offset, last = [], seconds(0), None
    for range_start, range_end in ranges:
        range_start, range_end = seconds(range_start), seconds(range_end)
        for index, cue in enumerate(cues):
            if cue.end <= range_start or cue.start >= range_end:
                continue
            start = max(cue.start, range_start) - range_start + offset
            end = min(cue.end, range_end) - range_start + offset
            if last == index and clip[-1].end == start:
                clip[-1] = Cue(clip[-1].start, end, cue.text)
            else:
                clip.append(Cue(start, end, cue.text))
            last = index
        offset += range_end - range_start
    return clip
