"""Translated pages get a slug in their own language, and the translation editor's messages say
what happened (finding 7 of issue 12)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import formats, timezone, translation

from .conftest import english_strings
from .test_translators import start_translation

pytestmark = pytest.mark.django_db


def publish(client, editor, capture_on_commit):
    """Publish, follow the redirect, and return the messages the translator then reads."""
    with capture_on_commit(execute=True):
        response = client.post(editor.edit_url, {"action": "publish"})
    assert response.status_code == 302
    editor.page.refresh_from_db()
    shown = client.get(response["Location"])
    return [(m.level_tag, str(m).strip()) for m in get_messages(shown.wsgi_request)]


def test_slug_left_alone_is_made_from_the_translated_title(
    news_site, make_release, translator_client, client, django_capture_on_commit_callbacks
):
    translator = translator_client("en")
    release = make_release("Un communiqué sur l'eau")
    english = start_translation(translator, release, "en", django_capture_on_commit_callbacks)
    english.fill(
        {
            **english_strings(title="A release about water"),
            "Un communiqué sur l'eau": "A release about water",
        }
        | {}
    )
    assert list(english.segments_to_translate()) == ["un-communiqué-sur-leau"]  # only the slug
    said = publish(translator, english, django_capture_on_commit_callbacks)
    assert english.page.slug == "a-release-about-water"
    assert english.page.url == "/en/news/a-release-about-water/"
    assert client.get(english.page.url).status_code == 200
    assert said == [
        ("success", "Publication de «\xa0A release about water\xa0» en anglais effectuée.")
    ]


def test_a_slug_the_translator_wrote_is_kept(
    news_site, make_release, translator_client, django_capture_on_commit_callbacks
):
    translator = translator_client("en")
    release = make_release()
    english = start_translation(translator, release, "en", django_capture_on_commit_callbacks)
    english.fill({**english_strings(), "un-communiqué": "water-release"})
    publish(translator, english, django_capture_on_commit_callbacks)
    assert english.page.slug == "water-release"


def test_embargoed_translation_is_said_to_be_scheduled_not_published(
    news_site, make_release, translator_client, django_capture_on_commit_callbacks
):
    translator = translator_client("en")
    embargo = timezone.now() + datetime.timedelta(days=2)
    release = make_release(go_live_at=embargo)
    release.save_revision().publish()  # scheduled
    english = start_translation(translator, release, "en", django_capture_on_commit_callbacks)
    english.fill({**english_strings(), "un-communiqué": "a-release"})
    said = publish(translator, english, django_capture_on_commit_callbacks)
    assert not english.page.live
    with translation.override("fr"):
        date = formats.date_format(timezone.localtime(embargo), "DATETIME_FORMAT")
    assert said == [("success", f"«\xa0A release\xa0» paraîtra en anglais le {date}.")]
