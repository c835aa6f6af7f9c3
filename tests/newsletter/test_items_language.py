"""An issue carries the version of each item in its own language, linking to that version's
page; an item with no public version in that language is left out and named to the editors."""

import html
import json

import pytest

from portal.demo.translation import translate
from subscriptions.newsletter import emails
from subscriptions.newsletter.blocks import missing_items
from tests.media_library import conftest as media_fixtures

# The media library's fixtures: a small generated video stored as a library asset.
make_asset, roots = media_fixtures.make_asset, media_fixtures.roots
small_video, video_dir = media_fixtures.small_video, media_fixtures.video_dir

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def translated_video(make_asset, small_video, home_pages, django_capture_on_commit_callbacks):
    from wagtail.models import Locale

    french = make_asset(small_video, title="Le port à l’aube")
    with django_capture_on_commit_callbacks(execute=True):
        english = translate(
            french, Locale.objects.get(language_code="en"), {"Le port à l’aube": "Harbour at dawn"}
        )
    return french, english


def video_item(asset, caption=""):
    return ("video", {"video": asset, "caption": caption})


@pytest.mark.parametrize(
    ("language", "title", "prefix"),
    [("fr", "Le port à l’aube", "/fr/"), ("en", "Harbour at dawn", "/en/")],
)
def test_a_video_item_links_to_the_video_page_in_the_readers_language(
    issue_factory, translated_video, language, title, prefix
):
    french, _english = translated_video
    issue = issue_factory(language, subject="Vidéo", items=[video_item(french)])
    _subject, html, text = emails.render_issue(issue)
    page = f"{BASE}{prefix}videos/{french.video_id}/"
    assert f'<a href="{page}" style="color:#12355b;">{title}</a>' in html
    assert f"  {page}\n" in text
    assert f'href="{BASE}/"' not in html.split("Unsubscribe")[0]  # never the home page


def test_a_french_only_video_is_left_out_of_the_english_issue_and_named(
    issue_factory,
    make_asset,
    small_video,
):
    french_only = make_asset(small_video, title="Seulement en français")
    english = issue_factory("en", subject="This week", items=[video_item(french_only)])
    _subject, html, text = emails.render_issue(english)
    assert "Seulement en français" not in html and "Seulement en français" not in text
    assert [title for _kind, title in missing_items(english)] == ["Seulement en français"]

    french = issue_factory("fr", subject="Cette semaine", items=[video_item(french_only)])
    assert "Seulement en français" in emails.render_issue(french)[1]
    assert missing_items(french) == []


def test_a_press_release_without_english_version_is_left_out_of_the_english_issue(
    issue_factory, make_release
):
    release = make_release("Seulement en français")
    translated = make_release(
        "Le budget", translation={"Le budget": "The budget", "Le chapeau du communiqué.": "Lead."}
    )
    issue = issue_factory(
        "en", subject="News", items=[("press_release", release), ("press_release", translated)]
    )
    _subject, html, _text = emails.render_issue(issue)
    english = translated.get_translation(issue.locale)
    assert "Seulement en français" not in html
    assert f'href="{BASE}{english.url}"' in html and "The budget" in html
    assert [title for _kind, title in missing_items(issue)] == ["Seulement en français"]


def test_an_unpublished_english_version_counts_as_missing(issue_factory, translated_video):
    french, english = translated_video
    english.unpublish()
    issue = issue_factory("en", subject="News", items=[video_item(french)])
    assert "Harbour at dawn" not in emails.render_issue(issue)[1]
    assert [title for _kind, title in missing_items(issue)] == ["Le port à l’aube"]


def edit(client, issue, video):
    from django.urls import reverse

    url = reverse("wagtailsnippets_subscriptions_newsletterissue:edit", args=[issue.pk])
    return client.post(
        url,
        {
            "subject": issue.subject,
            "introduction": "",
            "items-count": "1",
            "items-0-type": "video",
            "items-0-deleted": "",
            "items-0-order": "0",
            "items-0-id": "",
            "items-0-value-video": str(video.pk),
            "items-0-value-caption": "",
        },
    )


def test_the_editor_cannot_put_a_video_without_english_version_in_an_english_issue(
    admin_client,
    issue_factory,
    make_asset,
    small_video,
    translated_video,
):
    french_only = make_asset(small_video, title="Seulement en français")
    english = issue_factory("en", subject="This week", items=[])
    response = edit(admin_client, english, french_only)
    assert response.status_code == 200
    error = "« Seulement en français » n’a pas de version en anglais : traduisez-le"
    assert json.dumps(error)[1:-1] in html.unescape(response.content.decode())  # block errors
    english.refresh_from_db()
    assert len(english.get_latest_revision_as_object().items) == 0

    french, _english_video = translated_video  # chosen in French, but it has an English version
    assert edit(admin_client, english, french).status_code == 302
    english.refresh_from_db()
    assert len(english.get_latest_revision_as_object().items) == 1
