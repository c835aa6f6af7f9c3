"""Times as editors write them: `mm:ss.fff` or `hh:mm:ss.fff` (seconds may stand alone)."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

MILLISECOND = Decimal("0.001")
_PATTERN = re.compile(r"^(?:(?:(\d+):)?(\d{1,2}):)?(\d+(?:[.,]\d{1,3})?)$")


def parse(text):
    """'01:02.5' -> Decimal('62.500'); raises ValueError on anything else."""
    match = _PATTERN.match((text or "").strip())
    if not match:
        raise ValueError(text)
    hours, minutes, seconds = match.groups()
    if (hours or minutes) and Decimal(seconds.replace(",", ".")) >= 60:
        raise ValueError(text)
    if hours and int(minutes) >= 60:
        raise ValueError(text)
    total = int(hours or 0) * 3600 + int(minutes or 0) * 60 + Decimal(seconds.replace(",", "."))
    return quantize(total)


def quantize(value):
    """Any number of seconds as a Decimal rounded to the millisecond."""
    try:
        return Decimal(str(value)).quantize(MILLISECOND, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise ValueError(value) from None


def format(value):
    """Decimal('62.5') -> '01:02.500'; hours appear only when there are some."""
    if value is None or value == "":
        return ""
    milliseconds = int(quantize(value) * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    text = f"{minutes:02d}:{seconds:02d}.{millis:03d}"
    return f"{hours:02d}:{text}" if hours else text


def _readable(text):
    """'00:15.520' -> '00:15.52', '00:06.000' -> '00:06', with the language's decimal mark."""
    return text.rstrip("0").rstrip(".").replace(".", get_format("DECIMAL_SEPARATOR"))


def display(value, hours=False):
    """A time for people to read, in the active language: Decimal('15.520') -> '00:15.52'
    ('00:15,52' in French), Decimal('6') -> '00:06'; with `hours`, '00:00:06' (how spreadsheets
    read a duration)."""
    text = format(value)
    if hours and text.count(":") == 1:
        text = f"00:{text}"
    return _readable(text)


def display_duration(value):
    """A length for people to read, as a clock shows it: Decimal('16') -> '0:16', 3723 ->
    '1:02:03', 16.5 -> '0:16.5' ('0:16,5' in French): no leading zero, no milliseconds unless
    there are some. `parse` reads it back."""
    if value is None or value == "":
        return ""
    text = format(value)
    if text.count(":") == 1:
        text = text.lstrip("0")
        text = text if not text.startswith(":") else f"0{text}"
    else:
        text = text.lstrip("0") or "0"
    return _readable(text)


def display_range(start, end):
    """'00:06–00:15.52' (see `display`)."""
    return f"{display(start)}–{display(end)}"


def segments(start, end, ranges):
    """The ranges of a clip as [(start, end)] Decimal seconds: `ranges` (the JSON list of
    [start, end] texts of a clip joining several ranges) or else the one range start–end."""
    if ranges:
        return [(quantize(first), quantize(last)) for first, last in ranges]
    return [(start, end)]


def display_segments(segments):
    """The ranges a clip joins: '00:00–00:08 + 00:16–00:24' (one: as `display_range`)."""
    return " + ".join(display_range(start, end) for start, end in segments)


class TimecodeFormField(forms.CharField):
    default_error_messages = {
        "invalid": _("Enter a time as mm:ss.fff or hh:mm:ss.fff, for example 01:30.250."),
    }

    def __init__(self, *, max_digits=None, decimal_places=None, **kwargs):
        kwargs.setdefault("help_text", _("mm:ss.fff or hh:mm:ss.fff"))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "00:00.000")
        self.widget.attrs.setdefault("inputmode", "decimal")

    def prepare_value(self, value):
        if isinstance(value, Decimal | float | int):
            return format(value)
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return parse(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class TimecodeField(models.DecimalField):
    """Seconds to the millisecond, stored exactly, edited as a timecode."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 10)
        kwargs.setdefault("decimal_places", 3)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": TimecodeFormField, **kwargs})
