"""The admin screens the press office uses, walked as a French staff member: no English left."""

import pytest
from django.urls import reverse

from .english_left import english_left

pytestmark = pytest.mark.django_db


@pytest.fixture
def french_staff(client, django_user_model, home_pages):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser(
        email="ines@example.org", password="Une-phrase-de-passe-1"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(user)
    return client


# Names stored as data by Wagtail's own migrations and ours (groups "Editors", "Moderators",
# "Translators into …", the collection and root page "Root", the workflow "Moderators approval")
# and the users list's "Actif True" are not translated yet: these screens are expected to fail.
DATA_NAMES_LEFT = pytest.mark.xfail(strict=True, reason="stored names not translated yet")

SCREENS = [
    "wagtailadmin_home",
    pytest.param("wagtailadmin_explore_root", marks=DATA_NAMES_LEFT),
    "wagtailsnippets_media_library_videoasset:list",
    "wagtailsnippets_media_library_videoasset:add",
    "wagtailsnippets_news_topic:list",
    pytest.param("wagtailusers_users:index", marks=DATA_NAMES_LEFT),
    pytest.param("wagtailusers_groups:index", marks=DATA_NAMES_LEFT),
    "wagtailadmin_collections:index",
    "wagtailadmin_workflows:index",
    "wagtailadmin_account",
    "wagtailsnippetchoosers_media_library_videoasset:choose",
]


@pytest.mark.parametrize("screen", SCREENS)
def test_screen_reads_in_french(french_staff, screen):
    response = french_staff.get(reverse(screen))
    assert response.status_code == 200
    html = (
        response.json()["html"]
        if response["Content-Type"].startswith("application/json")
        else response.text
    )
    assert english_left(html) == []


def test_login_page_reads_in_french(client):
    response = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert english_left(response.text) == []
