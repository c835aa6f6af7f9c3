"""The shots of a clip: ticked shots as the ranges a clip joins (adjacent shots merge), and
back from a clip's ranges to the shots that make it (to tick them again, to name the file)."""


def shot_segments(shots):
    """The ranges the `shots` make, in the video's order: shots that touch or overlap merge
    into one range, the others stay apart (the clip joins them, and nothing between them)."""
    segments = []
    for shot in sorted(shots, key=lambda shot: (shot.start, shot.end)):
        if segments and shot.start <= segments[-1][1]:
            segments[-1] = (segments[-1][0], max(segments[-1][1], shot.end))
        else:
            segments.append((shot.start, shot.end))
    return segments


def shots_making(shots, segments):
    """The numbers (from 1, as text) of the `shots` (a shot list) that make exactly the clip
    of `segments` ([(start, end)] in order; `shot_segments` of them gives them back), or []."""
    numbers = [
        str(n)
        for n, shot in enumerate(shots, 1)
        if any(start <= shot.start and shot.end <= end for start, end in segments)
    ]
    made = shot_segments([shots[int(n) - 1] for n in numbers])
    return numbers if numbers and made == list(segments) else []
