"""Caption files: SRT and WebVTT read, checked line by line, written, converted both ways."""

from decimal import Decimal

import pytest
from django.utils import translation

from media_library.captions import Cue
from media_library.captions.files import CaptionFileError, read, to_srt, to_webvtt

SRT = """1
00:00:01,000 --> 00:00:03,500
Bonjour à toutes et à tous.

2
00:00:03,500 --> 00:00:07,250
<i>[Applaudissements]</i>
Merci d’être venus.

3
00:01:02,004 --> 01:00:00,000
Fin & suite.
"""

VTT = """WEBVTT
Kind: captions

NOTE written by the press office

intro
00:01.000 --> 00:03.500 line:90%
Bonjour à toutes et à tous.

00:00:03.500 --> 00:00:07.250
<v Narratrice>[Applaudissements]</v>
Merci d’être venus.

00:01:02.004 --> 01:00:00.000
Fin &amp; suite.
"""

EXPECTED = [
    Cue(Decimal("1"), Decimal("3.5"), "Bonjour à toutes et à tous."),
    Cue(Decimal("3.5"), Decimal("7.25"), "[Applaudissements]\nMerci d’être venus."),
    Cue(Decimal("62.004"), Decimal("3600"), "Fin & suite."),
]


def messages_of(data, **kwargs):
    with pytest.raises(CaptionFileError) as error, translation.override("en"):
        read(data, **kwargs)
    return [str(message) for message in error.value.messages]


def test_srt_and_webvtt_files_give_the_same_cues_as_plain_text():
    assert read(SRT.encode()) == EXPECTED
    assert read(VTT.encode()) == EXPECTED
    assert read(("\ufeff" + SRT).replace("\n", "\r\n").encode()) == EXPECTED  # BOM, CRLF


def test_srt_to_webvtt_to_srt_round_trip_is_lossless():
    webvtt = to_webvtt(read(SRT.encode()))
    assert webvtt.startswith("WEBVTT\n\n00:00:01.000 --> 00:00:03.500\n")
    assert "Fin &amp; suite." in webvtt
    assert read(webvtt.encode()) == EXPECTED
    srt = to_srt(read(webvtt.encode()))
    assert srt.startswith("1\n00:00:01,000 --> 00:00:03,500\nBonjour")
    assert read(srt.encode()) == EXPECTED
    assert to_srt(read(srt.encode())) == srt


def test_a_file_that_is_not_utf8_names_its_line():
    data = "1\n00:00:01,000 --> 00:00:02,000\nCafé\n".encode("latin-1")
    assert messages_of(data) == [
        "Line 3: the file is not UTF-8 text. Save it as UTF-8 (most subtitle editors offer it) "
        "and import it again."
    ]


def test_french_messages_for_french_editors():
    data = b"1\n00:00:02,000 --> 00:00:01,000\nTexte\n"
    with pytest.raises(CaptionFileError) as error, translation.override("fr"):
        read(data)
    assert [str(m) for m in error.value.messages] == [
        "Ligne 2 : le sous-titre finit (00:00:01.000) avant de commencer (00:00:02.000)."
    ]


def test_times_out_of_order_overlaps_and_empty_cues_are_each_named_by_their_line():
    data = b"""1
00:00:05,000 --> 00:00:06,000
Second

2
00:00:01,000 --> 00:00:02,000
First

3
00:00:01,500 --> 00:00:03,000
Overlaps

4
00:00:04,000 --> 00:00:04,500

5
00:00:09,000 --> 00:00:08,000
Backwards
"""
    assert messages_of(data) == [
        "Line 6: the cue starts at 00:00:01.000, before the previous one (00:00:05.000): "
        "cues must be in time order.",
        "Line 10: the cue starts at 00:00:01.500, while the previous one is still shown "
        "(until 00:00:02.000): cues must not overlap.",
        "Line 14: the cue has no text.",
        "Line 17: the cue ends (00:00:08.000) before it starts (00:00:09.000).",
    ]


def test_a_cue_beyond_the_end_of_the_video_is_refused():
    data = b"WEBVTT\n\n00:00:09.000 --> 00:00:12.000\nToo late\n"
    assert messages_of(data, duration=Decimal("10.000")) == [
        "Line 3: the cue ends at 00:00:12.000, after the end of the video (00:00:10.000)."
    ]
    assert read(data, duration=Decimal("12.000"))[0].end == Decimal("12.000")


def test_an_oversized_file_is_refused_before_it_is_read():
    data = b"1\n00:00:01,000 --> 00:00:02,000\n" + b"x" * 2048
    assert messages_of(data, max_size=1024) == [
        "The file is 3 kB: caption files are accepted up to 1 kB."
    ]


def test_broken_timings_and_files_without_cues():
    assert messages_of(b"1\n00:00:01 --> 00:00:02,000\nText\n") == [
        "Line 2: “00:00:01 --> 00:00:02,000” is not a timing: write it as "
        "00:00:01.000 --> 00:00:03.000."
    ]
    assert messages_of(b"Hello\nworld\n") == [
        "Line 1: no timing line (“00:00:01.000 --> 00:00:03.000”) in this cue."
    ]
    assert messages_of(b"WEBVTT\n\n") == ["The file contains no cues: is it an SRT or WebVTT file?"]


def test_a_long_list_of_problems_is_shortened():
    cues = "".join(f"{n}\n00:00:0{n % 10},000 --> 00:00:00,500\nx\n\n" for n in range(1, 40))
    messages = messages_of(cues.encode())
    assert len(messages) == 21
    assert messages[-1].startswith("… and ")
