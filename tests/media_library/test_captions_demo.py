"""Demo content: every demo video has French captions and English subtitles; the accessibility
statement exists in both languages and every footer links to it."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import override

from media_library.caption_tracks import kind_of
from media_library.captions import Cue, rules
from media_library.models import CaptionKind, VideoAsset
from media_library.timecode import parse
from portal.demo import accessibility, media

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spec", media.VIDEOS, ids=lambda spec: spec["file"])
def test_every_demo_video_has_valid_captions_in_both_languages(spec):
    cues = [Cue(parse(start), parse(end), fr) for start, end, fr, _en in spec["captions"]]
    assert len(cues) >= 3
    assert list(rules.problems(cues, Decimal(spec["seconds"]))) == []
    assert all(en and en != fr for _s, _e, fr, en in spec["captions"])


def test_the_demo_loads_french_captions_and_english_subtitles_once(
    roots, media_root, monkeypatch, django_capture_on_commit_callbacks
):
    signing = next(spec for spec in media.VIDEOS if spec["file"] == "signature-accord.mp4")
    monkeypatch.setattr(media, "VIDEOS", [signing])
    with django_capture_on_commit_callbacks(execute=True):
        media.load()
        media.load()

    french = VideoAsset.objects.get(locale=roots["fr"])
    english = french.get_translation(roots["en"])
    assert [(c.start, c.end, c.text) for c in english.cues.all()] == [
        (parse(start), parse(end), en) for start, end, _fr, en in signing["captions"]
    ]
    assert [c.text for c in french.cues.all()] == [fr for _s, _e, fr, _en in signing["captions"]]
    assert kind_of(french) == CaptionKind.CAPTIONS
    assert kind_of(english) == CaptionKind.SUBTITLES
    assert VideoAsset.objects.count() == 2


def test_the_accessibility_statement_is_linked_from_every_footer_in_its_language(
    client, home_pages, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        accessibility.load()
        accessibility.load()

    for language, link, heading in [
        ("fr", "/fr/accessibilite/", "Signaler un problème"),
        ("en", "/en/accessibility/", "Report a problem"),
    ]:
        with override(language):
            pages = [f"/{language}/", reverse("media_library_public:index")]
        for address in pages:
            page = client.get(address).content.decode()
            footer = page[page.index('<footer class="site-footer">') :]
            assert f'href="{link}"' in footer, (address, footer[:600])
        statement = client.get(link).content.decode()
        assert f"<h2>{heading}</h2>" in statement
        assert "WCAG 2.2" in statement
