"""Wagtail's Editors and Moderators groups reach the portal's own content (site/staff_groups.py):
before, a member of Editors could not upload a video nor write a newsletter issue."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from media_library.models import VideoAsset

pytestmark = pytest.mark.django_db

PASSWORD = "Une-phrase-de-passe-1"
WRITING = [
    "wagtailsnippets_media_library_videoasset:add",
    "wagtailsnippets_news_topic:add",
    "wagtailsnippets_subscriptions_newsletterissue:add",
    "wagtailsnippets_subscriptions_subscriber:list",
    "wagtailsnippetchoosers_media_library_videoasset:choose",
]
MODERATING = ["portal_background_jobs", "newsletter_sending:import"]


@pytest.fixture
def member(client, django_user_model, home_pages):
    def make(group):
        user = django_user_model.objects.create_user(
            email=f"{group.lower()}@example.org", password=PASSWORD
        )
        user.groups.add(Group.objects.get(name=group))
        client.force_login(user)
        return user

    return make


def opens(client, name):
    response = client.get(reverse(name))
    return response.status_code == 200


def test_an_editor_writes_videos_topics_and_issues_but_publishes_and_sends_nothing(client, member):
    editor = member("Editors")
    assert all(opens(client, name) for name in WRITING), [
        n for n in WRITING if not opens(client, n)
    ]
    assert not any(opens(client, name) for name in MODERATING)
    videos = VideoAsset.snippet_viewset.permission_policy
    assert videos.user_has_permission(editor, "add")
    assert not videos.user_has_permission(editor, "publish")
    assert not editor.has_perm("subscriptions.send_newsletterissue")
    assert not editor.has_perm("subscriptions.publish_newsletterissue")


def test_a_moderator_also_publishes_sends_imports_and_watches_the_jobs(client, member):
    moderator = member("Moderators")
    pages = WRITING + MODERATING
    assert all(opens(client, name) for name in pages), [n for n in pages if not opens(client, n)]
    videos = VideoAsset.snippet_viewset.permission_policy
    assert videos.user_has_permission(moderator, "publish")
    assert videos.user_has_permission(moderator, "delete")
    assert moderator.has_perm("subscriptions.send_newsletterissue")
    assert moderator.has_perm("subscriptions.publish_newsletterissue")
