"""A translator turns a video's French captions into English subtitles in wagtail-localize's
editor, in each admin language: one segment per cue, no timecode to type; the English version
then carries the source's timings, and its public page offers English subtitles."""

import re
from decimal import Decimal

import pytest

from tests.e2e.test_media_journey import editor, log_in, uploaded_video  # noqa: F401 (fixtures)
from tests.media_library.captions import add_cues

pytestmark = pytest.mark.django_db(transaction=True)

CUES = [("0.250", "1.250", "[Mouettes]"), ("1.500", "2.750", "Le port se réveille.")]
ENGLISH = {
    "Harbour": "The harbour",
    "[Mouettes]": "[Seagulls]",
    "Le port se réveille.": "The harbour wakes up.",
}


@pytest.mark.parametrize(
    ("language", "tab", "translate", "save", "publish"),
    [
        ("en", "Captions", "Translate", "Save", "Publish in English"),
        ("fr", "Sous-titres", "Traduire", "Enregistrer", "Publier en anglais"),
    ],
)
def test_translator_turns_french_captions_into_english_subtitles_in_the_editor(
    log_in,  # noqa: F811
    uploaded_video,  # noqa: F811
    live_server,
    language,
    tab,
    translate,
    save,
    publish,
):
    from wagtail.models import Locale

    from media_library.caption_tracks import kind_of
    from media_library.models import CaptionKind, VideoAsset

    add_cues(uploaded_video, CUES)
    uploaded_video.save_revision().publish()
    page = log_in(language)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    page.goto(
        f"{live_server.url}/admin/localize/submit/snippet/media_library/videoasset/"
        f"{uploaded_video.pk}/"
    )
    page.get_by_label("English" if language == "en" else "anglais").check()
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/videos/edit/\d+/"))
    page.get_by_role("tab", name=tab).click()
    assert page.locator("textarea").count() == 0  # nothing to type before choosing a segment
    for source, target in ENGLISH.items():
        if source == "Harbour":
            page.get_by_role("tab", name="Video" if language == "en" else "Vidéo").click()
        else:
            page.get_by_role("tab", name=tab).click()
        segment = page.locator("li", has=page.get_by_text(source, exact=True)).last
        segment.get_by_role("button", name=translate).click()
        segment.locator("textarea").fill(target)
        segment.get_by_role("button", name=save, exact=True).click()
        segment.get_by_text(target, exact=True).wait_for()
    # No field of the editor holds a time: the timings come from the source.
    assert page.locator("input[name*=start], input[name*=end]").count() == 0
    page.get_by_role("button", name=publish).click()
    page.wait_for_load_state()

    english = VideoAsset.objects.get(locale=Locale.objects.get(language_code="en"))
    assert english.live
    assert [(c.start, c.end, c.text) for c in english.cues.all()] == [
        (Decimal("0.250"), Decimal("1.250"), "[Seagulls]"),
        (Decimal("1.500"), Decimal("2.750"), "The harbour wakes up."),
    ]
    assert kind_of(english) == CaptionKind.SUBTITLES

    page.goto(f"{live_server.url}/en/videos/{english.video_id}/captions/en.vtt")
    assert "00:00:01.500 --> 00:00:02.750\nThe harbour wakes up." in page.inner_text("body")
    assert errors == []
