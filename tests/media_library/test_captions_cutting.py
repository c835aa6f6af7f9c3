"""Captions cut to a clip: re-timed to the clip's start, trimmed at the cuts, exact to the ms."""

from decimal import Decimal as D

from media_library.captions import Cue
from media_library.captions.cutting import cut

TRACK = [
    Cue(D("1.000"), D("4.000"), "one"),
    Cue(D("5.250"), D("8.125"), "two"),
    Cue(D("10.001"), D("12.999"), "three"),
]


def test_a_clip_starting_inside_a_cue_trims_it_and_starts_at_zero():
    assert cut(TRACK, [(D("2.345"), D("9"))]) == [
        Cue(D("0"), D("1.655"), "one"),
        Cue(D("2.905"), D("5.780"), "two"),
    ]


def test_a_clip_starting_before_a_cue_keeps_the_gap():
    assert cut(TRACK, [(D("0.5"), D("6"))]) == [
        Cue(D("0.500"), D("3.500"), "one"),
        Cue(D("4.750"), D("5.500"), "two"),
    ]


def test_a_clip_starting_after_a_cue_leaves_it_out():
    assert cut(TRACK, [(D("8.125"), D("11.5"))]) == [Cue(D("1.876"), D("3.375"), "three")]
    assert cut(TRACK, [(D("4"), D("5.25"))]) == []


def test_offsets_stay_exact_to_the_millisecond_where_floats_would_drift():
    track = [Cue(D("0.1") * n, D("0.1") * n + D("0.1"), str(n)) for n in range(3000)]
    clip = cut(track, [(D("100.3"), D("200.7"))])
    assert clip[0] == Cue(D("0"), D("0.1"), "1003")
    assert clip[-1] == Cue(D("100.3"), D("100.4"), "2006")
    assert all(c.end - c.start == D("0.1") for c in clip)


def test_non_adjacent_shots_are_laid_end_to_end():
    clip = cut(TRACK, [(D("0"), D("2")), (D("11"), D("13"))])
    assert clip == [Cue(D("1"), D("2"), "one"), Cue(D("2"), D("3.999"), "three")]


def test_a_cue_split_only_by_the_join_of_touching_ranges_stays_whole():
    clip = cut(TRACK, [(D("0"), D("6")), (D("6"), D("9"))])
    assert clip == [Cue(D("1"), D("4"), "one"), Cue(D("5.25"), D("8.125"), "two")]
    repeated = [Cue(D("0"), D("1"), "Merci."), Cue(D("1"), D("2"), "Merci.")]
    assert cut(repeated, [(D("0"), D("2"))]) == repeated
