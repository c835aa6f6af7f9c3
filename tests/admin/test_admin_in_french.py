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
from wagtail.models import Collection, Page

from .english_left import MONTHS, english_left, french_left
from .screens import TOPICS, content_titles, make_setup_data, make_staff, screens

pytestmark = pytest.mark.django_db


PASSWORD = "Une-phrase-de-passe-1"


@pytest.fixture
def setup_data(home_pages):
    make_setup_data()
    return home_pages


def staff_client(client, django_user_model, language):
    client.force_login(make_staff(django_user_model, language, PASSWORD))
    return client


@pytest.fixture
def french_staff(client, django_user_model, setup_data):
    return staff_client(client, django_user_model, "fr")


@pytest.fixture
def english_staff(client, django_user_model, setup_data):
    return staff_client(client, django_user_model, "en")


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
    content = content_titles("fr") | set(TOPICS)
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
    assert "Soumettre au circuit «\xa0Validation par les modérateurs\xa0»" in editor
    assert "Moderators approval" not in editor
    assert "Racine" in read(french_staff, reverse("wagtailadmin_explore_root"))


def test_english_admin_keeps_the_stored_names(english_staff):
    html = read(english_staff, reverse("wagtailusers_groups:index"))
    assert "Editors" in html and "Moderators" in html and "Rédacteurs" not in html


def test_saving_a_group_unchanged_in_french_keeps_its_stored_name(french_staff):
    group = Group.objects.get(name="Editors")
    group.name = "Rédacteurs"  # the name as French staff read it
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
    props = editor_props(html)
    assert props["object"]["lastPublishedDate"] == expected
    comments = [
        translation["comment"]
        for translation in props["initialStringTranslations"]
        if translation.get("comment")
    ]
    assert f"Traduit manuellement le {expected}" in comments
    assert not re.search(MONTHS, json.dumps(props, ensure_ascii=False))


def test_saving_and_revisions_in_french_keep_the_stored_names(setup_data):
    root = Page.get_first_root_node()
    with translation.override("fr"):
        assert str(root) == "Racine"
        assert root.serializable_data()["title"] == "Root"
        root.save_revision()
        root.save()
        Group.objects.get(name="Moderators").save()
    assert Page.objects.filter(depth=1).values_list("title", "draft_title").get() == (
        "Root",
        "Root",
    )
    assert root.get_latest_revision().content["title"] == "Root"
    assert Group.objects.filter(name="Moderators").exists()
