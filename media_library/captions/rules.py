"""What a caption track must respect, however its cues were made (a file, the admin's form).

`problems(cues, duration)` yields `(index, field, message)`: the index of the offending cue in
`cues`, the part at fault (`start`, `end` or `text`) and a translated message that the caller
places (a file's line, a form's row)."""

from django.utils.translation import gettext_lazy as _

from .cues import clock


def problems(cues, duration=None):
    previous = None
    for index, cue in enumerate(cues):
        if not cue.text.strip():
            yield index, "text", _("the cue has no text.")
        if cue.end <= cue.start:
            yield (
                index,
                "end",
                _("the cue ends (%(end)s) before it starts (%(start)s).")
                % {"start": clock(cue.start), "end": clock(cue.end)},
            )
        if duration is not None and cue.end > duration:
            yield (
                index,
                "end",
                _("the cue ends at %(end)s, after the end of the video (%(duration)s).")
                % {"end": clock(cue.end), "duration": clock(duration)},
            )
        if previous is not None:
            if cue.start < previous.start:
                yield (
                    index,
                    "start",
                    _(
                        "the cue starts at %(start)s, before the previous one (%(previous)s): "
                        "cues must be in time order."
                    )
                    % {"start": clock(cue.start), "previous": clock(previous.start)},
                )
            elif cue.start < previous.end:
                yield (
                    index,
                    "start",
                    _(
                        "the cue starts at %(start)s, while the previous one is still shown "
                        "(until %(previous)s): cues must not overlap."
                    )
                    % {"start": clock(cue.start), "previous": clock(previous.end)},
                )
        previous = cue
