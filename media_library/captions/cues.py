"""A caption cue and its times."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MILLISECOND = Decimal("0.001")


def seconds(value):
    """Any number of seconds as a Decimal to the millisecond (exact: no float on the way)."""
    return Decimal(str(value)).quantize(MILLISECOND, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cue:
    """Text shown from `start` to `end` (seconds, Decimal to the millisecond)."""

    start: Decimal
    end: Decimal
    text: str

    def __post_init__(self):
        object.__setattr__(self, "start", seconds(self.start))
        object.__setattr__(self, "end", seconds(self.end))

    def shifted(self, start, end):
        return Cue(start, end, self.text)


def clock(value, separator="."):
    """Decimal('3723.004') -> '01:02:03.004' (WebVTT; SRT uses ',' as separator)."""
    milliseconds = int(seconds(value) * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}{separator}{millis:03d}"
