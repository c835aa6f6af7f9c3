"""Captions in wagtail-localize: one segment per cue, timecodes copied from the source, machine
translation; the translated version's track is subtitles."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail_localize.models import StringTranslation

from media_library.caption_tracks import kind_of
from media_library.models import CaptionKind

from ..news.translation_editor import TranslationEditor
from .captions import add_cues

CUES = [
    ("0.200", "1.400", "Bonjour à toutes et à tous."),
    ("1.500", "2.900", "[Musique]\nMerci d’être venus."),
]


class SnippetTranslationEditor(TranslationEditor):
    """The same editor, on a translated video (a snippet)."""

    @property
    def edit_url(self):
        return reverse("wagtailsnippets_media_library_videoasset:edit", args=[self.page.pk])

    def publish(self):
        with self.capture_on_commit(execute=True):
            response = self.client.post(self.edit_url, {"action": "publish"})
        assert response.status_code == 302
        self.page.refresh_from_db()
        return response


@pytest.fixture
def french_video(make_asset, small_video):
    asset = add_cues(make_asset(small_video, title="Conférence", live=False), CUES)
    asset.save_revision().publish()
    return asset


def start_translation(client, asset, locale, capture):
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["media_library", "videoasset", asset.pk],
    )
    with capture(execute=True):
        assert client.post(url, {"locales": [locale.pk]}).status_code == 302
    return SnippetTranslationEditor(client, asset.get_translation(locale), capture)


def timed(asset):
    return [(cue.start, cue.end, cue.text) for cue in asset.cues.all()]


@pytest.mark.django_db
def test_a_translator_turns_french_captions_into_english_subtitles_without_a_timecode(
    french_video, admin_client, roots, django_capture_on_commit_callbacks
):
    editor = start_translation(
        admin_client, french_video, roots["en"], django_capture_on_commit_callbacks
    )
    segments = editor.segments_to_translate()
    assert set(segments) == {
        "Conférence",
        "Bonjour à toutes et à tous.",
        "[Musique]<br/>Merci d’être venus.",
    }  # one segment per cue; no time to type
    editor.fill(
        {
            "Conférence": "Press conference",
            "Bonjour à toutes et à tous.": "Hello, everyone.",
            "[Musique]<br/>Merci d’être venus.": "[Music]<br>Thank you for coming.",
        }
    )
    editor.publish()

    english = editor.page
    assert timed(english) == [
        (Decimal("0.200"), Decimal("1.400"), "Hello, everyone."),
        (Decimal("1.500"), Decimal("2.900"), "[Music]\nThank you for coming."),
    ]
    assert kind_of(english) == CaptionKind.SUBTITLES
    assert kind_of(french_video) == CaptionKind.CAPTIONS


@pytest.mark.django_db
def test_new_source_timings_reach_the_translation_when_it_is_synced(
    french_video, admin_client, roots, django_capture_on_commit_callbacks
):
    editor = start_translation(
        admin_client, french_video, roots["en"], django_capture_on_commit_callbacks
    )
    editor.fill(
        {
            "Conférence": "Press conference",
            "Bonjour à toutes et à tous.": "Hello, everyone.",
            "[Musique]<br/>Merci d’être venus.": "[Music]<br>Thank you for coming.",
        }
    )
    editor.publish()
    first = french_video.cues.first()
    first.end = Decimal("1.300")
    first.save()

    update = reverse("wagtail_localize:update_translations", args=[editor.translation.source.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(update, {"publish_translations": "on"})
    assert response.status_code == 302

    editor.page.refresh_from_db()
    assert timed(editor.page)[0] == (Decimal("0.200"), Decimal("1.300"), "Hello, everyone.")


@pytest.mark.django_db
def test_machine_translation_fills_every_cue(
    french_video, admin_client, roots, django_capture_on_commit_callbacks
):
    editor = start_translation(
        admin_client, french_video, roots["en"], django_capture_on_commit_callbacks
    )
    response = admin_client.post(
        reverse("wagtail_localize:machine_translate", args=[editor.translation.pk]),
        {"next": editor.edit_url},
    )
    assert response.status_code == 302
    # The dummy translator reverses the words.
    assert StringTranslation.objects.filter(data="tous. à et toutes à Bonjour").exists()
    assert editor.segments_to_translate() == {}
    editor.publish()
    assert [cue.text for cue in editor.page.cues.all()][0] == "tous. à et toutes à Bonjour"
    assert [cue.start for cue in editor.page.cues.all()] == [Decimal("0.200"), Decimal("1.500")]
