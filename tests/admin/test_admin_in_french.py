"""The admin screens the press office uses, walked as a French staff member (no English left) and
as an English one (no French left), with the setup data every portal has: Wagtail's groups,
collection, root page and workflow, the translator groups, both home pages, a topic."""

import json
import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import formats, timezone, translation
from wagtail.models import Collection, Page, Task, Workflow

from .english_left import MONTHS, english_left, french_left

pytestmark = pytest.mark.django_db


def staff_client(client, django_user_model, language):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser(
        email=f"staff-{language}@example.org", password="Une-phrase-de-passe-1"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    client.force_login(user)
    return client


@pytest.fixture
def setup_data(home_pages):
    from django.apps import apps
    from wagtail.models import Locale

    from news.models import Topic
    from translators.groups import ensure_translator_groups

    ensure_translator_groups(apps)
    Topic.objects.create(
        name="Éducation", slug="education", locale=Locale.objects.get(language_code="fr")
    )
    Topic.objects.create(name="Santé", slug="sante", locale=Locale.objects.get(language_code="fr"))
    return home_pages


@pytest.fixture
def french_staff(client, django_user_model, setup_data):
    return staff_client(client, django_user_model, "fr")


@pytest.fixture
def english_staff(client, django_user_model, setup_data):
    return staff_client(client, django_user_model, "en")


def content_titles(language):
    """Titles staff wrote in `language`: content, not the admin's own words."""
    return set(Page.objects.filter(locale__language_code=language).values_list("title", flat=True))


def screens():
    """Every screen of the admin the press office uses, as (name, URL)."""
    group = {name: pk for pk, name in Group.objects.values_list("pk", "name")}
    home = Page.objects.get(depth=2, locale__language_code="fr")
    english_home = Page.objects.get(depth=2, locale__language_code="en")
    return [
        ("home", reverse("wagtailadmin_home")),
        ("pages: root", reverse("wagtailadmin_explore_root")),
        ("pages: home", reverse("wagtailadmin_explore", args=[home.pk])),
        ("page editor", reverse("wagtailadmin_pages:edit", args=[home.pk])),
        ("translation editor", reverse("wagtailadmin_pages:edit", args=[english_home.pk])),
        ("page chooser", reverse("wagtailadmin_choose_page")),
        ("videos", reverse("wagtailsnippets_media_library_videoasset:list")),
        ("new video", reverse("wagtailsnippets_media_library_videoasset:add")),
        ("video chooser", reverse("wagtailsnippetchoosers_media_library_videoasset:choose")),
        ("topics", reverse("wagtailsnippets_news_topic:list")),
        ("new topic", reverse("wagtailsnippets_news_topic:add")),
        ("topic chooser", reverse("wagtailsnippetchoosers_news_topic:choose")),
        ("newsletter issues", reverse("wagtailsnippets_subscriptions_newsletterissue:list")),
        ("new newsletter issue", reverse("wagtailsnippets_subscriptions_newsletterissue:add")),
        ("subscribers", reverse("wagtailsnippets_subscriptions_subscriber:list")),
        ("subscriber import", reverse("newsletter_sending:import")),
        ("users", reverse("wagtailusers_users:index")),
        ("new user", reverse("wagtailusers_users:add")),
        ("groups", reverse("wagtailusers_groups:index")),
        ("new group", reverse("wagtailusers_groups:add")),
        *[
            (f"group {name}", reverse("wagtailusers_groups:edit", args=[pk]))
            for name, pk in group.items()
        ],
        ("collections", reverse("wagtailadmin_collections:index")),
        ("new collection", reverse("wagtailadmin_collections:add")),
        ("workflows", reverse("wagtailadmin_workflows:index")),
        ("workflow", reverse("wagtailadmin_workflows:edit", args=[Workflow.objects.first().pk])),
        ("tasks", reverse("wagtailadmin_workflows:task_index")),
        ("task", reverse("wagtailadmin_workflows:edit_task", args=[Task.objects.first().pk])),
        ("task chooser", reverse("wagtailadmin_workflows:task_chooser")),
        ("background jobs", reverse("portal_background_jobs")),
        ("report: workflows", reverse("wagtailadmin_reports:workflow")),
        ("report: workflow tasks", reverse("wagtailadmin_reports:workflow_tasks")),
        ("report: site history", reverse("wagtailadmin_reports:site_history")),
        ("report: locked pages", reverse("wagtailadmin_reports:locked_pages")),
        ("report: downloads", reverse("media_library_download_report")),
        ("report: translations", reverse("wagtail_localize:translations_report")),
        ("settings: portal", reverse("wagtailsettings:edit", args=["home", "portalsettings"])),
        (
            "settings: newsletter",
            reverse("wagtailsettings:edit", args=["subscriptions", "newslettersettings"]),
        ),
        ("download presets", reverse("download_presets:index")),
        ("new download preset", reverse("download_presets:add")),
        ("locales", reverse("wagtaillocales:index")),
        ("account", reverse("wagtailadmin_account")),
    ]


def read(client, url):
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.text


def test_every_screen_reads_in_french(french_staff):
    content = content_titles("en")
    left = {name: english_left(read(french_staff, url), content) for name, url in screens()}
    assert {name: texts for name, texts in left.items() if texts} == {}


def test_every_screen_reads_in_english(english_staff):
    content = content_titles("fr") | {"Éducation", "Santé"}
    left = {name: french_left(read(english_staff, url), content) for name, url in screens()}
    assert {name: texts for name, texts in left.items() if texts} == {}


def test_login_page_reads_in_french(client):
    response = client.get(reverse("wagtailadmin_login"), HTTP_ACCEPT_LANGUAGE="fr")
    assert english_left(response.text) == []


def test_stored_names_read_in_the_staff_members_language(french_staff):
    french = read(french_staff, reverse("wagtailusers_groups:index"))
    assert "Rédacteurs" in french and "Modérateurs" in french
    assert "Traducteurs vers l’anglais" in french
    editor = read(
        french_staff,
        reverse(
            "wagtailadmin_pages:edit",
            args=[Page.objects.get(depth=2, locale__language_code="fr").pk],
        ),
    )
    assert "Soumettre à Validation par les modérateurs" in editor
    assert "Moderators approval" not in editor
    assert "Racine" in read(french_staff, reverse("wagtailadmin_explore_root"))


def test_english_admin_keeps_the_stored_names(english_staff):
    html = read(english_staff, reverse("wagtailusers_groups:index"))
    assert "Editors" in html and "Moderators" in html and "Rédacteurs" not in html


def test_saving_a_group_unchanged_in_french_keeps_its_stored_name(french_staff):
    group = Group.objects.get(name="Editors")
    form_page = read(french_staff, reverse("wagtailusers_groups:edit", args=[group.pk]))
    assert 'value="Rédacteurs"' in form_page
    group.name = "Rédacteurs"  # what the French form sends back untouched
    group.save()
    assert Group.objects.filter(name="Editors").exists()
    assert not Group.objects.filter(name="Rédacteurs").exists()


def test_a_french_name_of_an_existing_group_is_refused_not_a_crash(french_staff):
    response = french_staff.post(reverse("wagtailusers_groups:add"), {"name": "Modérateurs"})
    assert response.status_code == 200  # the form again, with its error; no 500
    assert Group.objects.filter(name="Moderators").count() == 1


def test_collection_and_root_page_names_stay_stored_in_english():
    assert Collection.get_first_root_node().name == "Root"
    assert Page.get_first_root_node().title == "Root"


def test_permission_labels_read_in_french(french_staff):
    html = read(french_staff, reverse("wagtailusers_groups:add"))
    assert "Peut ajouter : vidéo" in html
    assert "Peut importer des abonnés à la lettre d’information" in html
    assert "Peut surveiller et relancer les tâches en arrière-plan" in html
    assert "Can add video" not in html


def test_generic_labels_are_proper_french(french_staff):
    listing = read(french_staff, reverse("wagtailsnippets_media_library_videoasset:list"))
    assert "Ajouter une vidéo" in listing
    creating = read(french_staff, reverse("wagtailsnippets_media_library_videoasset:add"))
    assert "Nouvelle vidéo" in creating
    assert "Nouvel(le)" not in creating


def test_users_list_has_no_raw_boolean(french_staff):
    html = read(french_staff, reverse("wagtailusers_users:index"))
    assert english_left(html) == []
    assert "Oui" in html


def test_topics_sort_with_accents_folded(french_staff):
    for url in [
        reverse("wagtailsnippets_news_topic:list") + "?locale=fr",
        reverse("wagtailsnippetchoosers_news_topic:choose") + "?locale=fr",
    ]:
        html = read(french_staff, url)
        assert html.index("Éducation") < html.index("Santé"), url


def editor_props(html):
    match = re.search(r'class="js-translation-editor" data-props="([^"]*)"', html)
    return json.loads(unescape(match[1]))


def test_translation_editor_dates_read_in_the_staff_members_language(french_staff):
    english_home = Page.objects.get(depth=2, locale__language_code="en")
    published = timezone.localtime(english_home.live_revision.created_at).date()
    html = read(french_staff, reverse("wagtailadmin_pages:edit", args=[english_home.pk]))
    with translation.override("fr"):
        expected = formats.date_format(published, "j F Y")  # "3 décembre 2026"
    assert editor_props(html)["object"]["lastPublishedDate"] == expected
    assert not re.search(MONTHS, expected)
