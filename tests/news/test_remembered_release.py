"""Issue 15: a press release page is rendered once per generation of the content
(resilience/fragments.py). Its video block shows a video only while the video is public: an
embargo ending with no one saving anything shows at once (before, the body was kept 10 minutes
whatever the video's embargo said), and an editor's preview is never remembered."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.news.test_query_budget import make_asset  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def embargoed_video(make_asset):  # noqa: F811  (the fixture imported above)
    video = make_asset("Conférence sous embargo")
    video.go_live_at = timezone.now() + timedelta(seconds=2)  # published, not yet public
    video.save()
    return video


def test_a_releases_video_shows_when_its_embargo_ends(make_release, embargoed_video):
    release = make_release(
        "Le communiqué filmé",
        body=[("video", {"video": embargoed_video, "caption": "La conférence"})],
    )
    assert "Conférence sous embargo" not in Client().get(release.url).content.decode()
    assert "Conférence sous embargo" not in Client().get(release.url).content.decode()

    time.sleep(2.2)

    assert "Conférence sous embargo" in Client().get(release.url).content.decode()


def test_a_preview_shows_the_draft_and_is_never_served_to_readers(make_release, editor):
    release = make_release("Le titre publié")
    # on the site's own host, as Wagtail's preview request is made
    assert (
        "Le titre publié" in Client(HTTP_HOST="localhost").get(release.url).content.decode()
    )  # remembered
    release.title = "Le titre du brouillon"
    revision = release.save_revision()

    preview = editor.get(
        reverse("wagtailadmin_pages:revisions_view", args=[release.pk, revision.pk])
    )
    assert "<h1>Le titre du brouillon</h1>" in preview.content.decode()

    page = Client(HTTP_HOST="localhost").get(release.url).content.decode()
    assert "<h1>Le titre publié</h1>" in page
    assert "Le titre du brouillon" not in page
