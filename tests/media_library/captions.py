"""Captions in tests: the cues formset of the video form, and cues stored on a video."""

# The captions tab of the video form as it comes: the default kind, no cue.
NO_CUES = {
    "captions_kind": "captions",
    "cues-TOTAL_FORMS": "0",
    "cues-INITIAL_FORMS": "0",
    "cues-MIN_NUM_FORMS": "0",
    "cues-MAX_NUM_FORMS": "1000",
}


def cue_forms(*cues):
    """The captions formset of the video form with these (start, end, text) rows, in order."""
    data = {**NO_CUES, "cues-TOTAL_FORMS": str(len(cues))}
    for number, (start, end, text) in enumerate(cues):
        data.update(
            {
                f"cues-{number}-start": start,
                f"cues-{number}-end": end,
                f"cues-{number}-text": text,
                f"cues-{number}-ORDER": str(number + 1),
                f"cues-{number}-DELETE": "",
                f"cues-{number}-id": "",
            }
        )
    return data


def add_cues(asset, cues):
    """Store (start, end, text) cues on a video (as a published import would)."""
    from media_library.models import CaptionCue

    asset.cues = [
        CaptionCue(locale=asset.locale, sort_order=n, start=start, end=end, text=text)
        for n, (start, end, text) in enumerate(cues)
    ]
    asset.save()
    return asset
