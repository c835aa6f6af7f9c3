from decimal import Decimal

import pytest

from media_library import timecode


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("01:02.500", Decimal("62.500")),
        ("00:00.000", Decimal("0.000")),
        ("1:02:03.004", Decimal("3723.004")),
        ("12.25", Decimal("12.250")),
        ("02:03,5", Decimal("123.500")),
    ],
)
def test_editors_write_times_as_timecodes(text, seconds):
    assert timecode.parse(text) == seconds


@pytest.mark.parametrize("text", ["", "abc", "01:75.000", "1:61:00", "-3", "01:02:03:04"])
def test_impossible_times_are_refused(text):
    with pytest.raises(ValueError):
        timecode.parse(text)


def test_times_are_shown_with_milliseconds_and_hours_only_when_needed():
    assert timecode.format(Decimal("62.5")) == "01:02.500"
    assert timecode.format(Decimal("3723.004")) == "01:02:03.004"
    assert timecode.format(0) == "00:00.000"


@pytest.mark.parametrize(
    ("seconds", "french", "english"),
    [
        (Decimal("16"), "0:16", "0:16"),
        (Decimal("3723"), "1:02:03", "1:02:03"),
        (Decimal("16.5"), "0:16,5", "0:16.5"),
        (Decimal("600"), "10:00", "10:00"),
    ],
)
def test_durations_read_like_a_clock_and_parse_back(seconds, french, english):
    from django.utils.translation import override

    for language, shown in (("fr", french), ("en", english)):
        with override(language):
            assert timecode.display_duration(seconds) == shown
        assert timecode.parse(shown) == seconds
