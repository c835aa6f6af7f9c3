"""The translator's journey through the admin (test client): translate, publish, sync, PO files,
machine translation; and what a translator into English may and may not do."""

import polib
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.rich_text import RichText
from wagtail_localize.models import StringTranslation

from .conftest import english_strings
from .translation_editor import TranslationEditor

pytestmark = pytest.mark.django_db

ENGLISH = {
    **english_strings(),
    "un-communique": "a-release",
}


@pytest.fixture
def translator(news_site, translator_client):
    """A translator into English (the releases of these tests are written in French)."""
    return translator_client("en")


@pytest.fixture
def editor(news_site, superuser):
    """An editor in a browser of their own (the `client` is the translator's)."""
    from django.test import Client

    client = Client()
    client.force_login(superuser)
    return client


def start_translation(client, page, language, capture_on_commit):
    """The translator finds the page in the explorer, clicks "Translate this page" in its row,
    picks the language and submits. (The original's own edit view is closed to translators.)"""
    from wagtail.models import Locale

    url = reverse("wagtail_localize:submit_page_translation", args=[page.pk])
    assert url in client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk])).text
    assert client.get(url).status_code == 200
    locale = Locale.objects.get(language_code=language)
    response = client.post(url, {"locales": [locale.pk]})
    assert response.status_code == 302
    translated = page.get_translation(locale).specific
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[translated.pk])
    return TranslationEditor(client, translated, capture_on_commit)


def test_french_release_translated_published_then_synced_shows_only_the_changed_segment(
    translator, editor, make_release, client, django_capture_on_commit_callbacks
):
    release = make_release()
    english = start_translation(translator, release, "en", django_capture_on_commit_callbacks)
    to_translate = english.segments_to_translate()
    assert set(to_translate) == set(ENGLISH) - {"un-communique"} | {"un-communiqué"}
    english.fill({**ENGLISH, "un-communiqué": "a-release"})
    assert english.segments_to_translate() == {}
    english.publish()
    assert english.page.live
    public = client.get(english.page.url)
    assert public.status_code == 200 and "The text of the release." in public.text
    assert "<h1>A release</h1>" in public.text

    # The editor changes one paragraph of the French text, publishes, and syncs.
    first = release.body[0]
    release.body[0] = ("paragraph", RichText("<p>Un texte corrigé.</p>"), first.id)
    release.save_revision().publish()
    source = english.translation.source
    sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert sync_url in editor.get(reverse("wagtailadmin_pages:edit", args=[release.pk])).text
    with django_capture_on_commit_callbacks(execute=True):
        assert editor.post(sync_url, {}).status_code == 302

    assert english.segments_to_translate().keys() == {"Un texte corrigé."}
    english.fill({"Un texte corrigé.": "A corrected text."})
    english.publish()
    public = client.get(english.page.url).text
    assert "A corrected text." in public and "The text of the release." not in public
    assert "A strong quotation." in public  # untouched segments kept their translation


def test_english_first_release_is_translated_into_french_the_same_way(
    translator_client, make_release, client, django_capture_on_commit_callbacks
):
    translator = translator_client("fr")
    release = make_release(
        "An English release",
        language="en",
        standfirst="Written in English first.",
        place="Geneva",
        body=[("paragraph", "<p>English words.</p>")],
    )
    french = start_translation(translator, release, "fr", django_capture_on_commit_callbacks)
    french.fill(
        {
            "An English release": "Un communiqué écrit en anglais",
            "an-english-release": "un-communique-ecrit-en-anglais",
            "Written in English first.": "Écrit d'abord en anglais.",
            "Geneva": "Genève",
            "English words.": "Des mots français.",
        }
    )
    french.publish()
    html = client.get("/fr/communiques/").text
    assert "Un communiqué écrit en anglais" in html
    page = client.get(french.page.url).text
    assert "Des mots français." in page
    assert 'hreflang="en" lang="en">Read this press release in English</a>' in page


def test_po_file_export_and_import(translator, make_release, django_capture_on_commit_callbacks):
    release = make_release()
    english = start_translation(translator, release, "en", django_capture_on_commit_callbacks)
    translation = english.translation

    download = translator.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/x-gettext-translation")
    po = polib.pofile(download.content.decode())
    assert {entry.msgid for entry in po} >= {"Un communiqué", "Le texte du communiqué."}
    for entry in po:
        entry.msgstr = ENGLISH.get(entry.msgid, entry.msgid)

    upload = translator.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {
            "file": SimpleUploadedFile("release-en.po", str(po).encode(), "text/x-gettext"),
            "next": english.edit_url,
        },
    )
    assert upload.status_code == 302
    assert english.segments_to_translate() == {}
    english.publish()
    assert english.page.title == "A release"


def test_a_po_file_for_another_translation_is_refused_and_changes_nothing(
    translator, make_release, django_capture_on_commit_callbacks
):
    release = make_release()
    english = start_translation(translator, release, "en", django_capture_on_commit_callbacks)
    translation = english.translation
    po = polib.POFile()
    po.metadata = {"X-WagtailLocalize-TranslationID": "00000000-0000-0000-0000-000000000000"}
    po.append(polib.POEntry(msgid="Un communiqué", msgstr="Hijacked"))
    response = translator.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("x.po", str(po).encode()), "next": english.edit_url},
    )
    assert response.status_code == 302
    assert [m.level_tag for m in get_messages(response.wsgi_request)][-1] == "error"
    assert not StringTranslation.objects.filter(data="Hijacked").exists()


def test_machine_translation_uses_the_configured_translator(
    translator, make_release, django_capture_on_commit_callbacks
):
    release = make_release()
    english = start_translation(translator, release, "en", django_capture_on_commit_callbacks)
    translation = english.translation
    response = translator.post(
        reverse("wagtail_localize:machine_translate", args=[translation.pk]),
        {"next": english.edit_url},
    )
    assert response.status_code == 302
    # The dummy translator reverses the words: "Un communiqué" -> "communiqué Un".
    assert StringTranslation.objects.filter(data="communiqué Un").exists()
    assert english.segments_to_translate() == {}


def test_translators_cannot_add_delete_or_manage_users(translator, news_site, make_release):
    release = make_release()
    index = news_site["index"]["fr"]
    forbidden = [
        reverse("wagtailadmin_pages:add_subpage", args=[index.pk]),
        reverse("wagtailadmin_pages:delete", args=[release.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[release.pk, news_site["index"]["en"].pk]),
        reverse("wagtailusers_users:index"),
        reverse("wagtailsnippets_news_topic:add"),
    ]
    for url in forbidden:
        response = translator.get(url)
        # Wagtail answers "permission denied" by sending back to the dashboard.
        assert response.status_code == 403 or response.get("Location") == "/admin/", (
            url,
            response.status_code,
        )
    translator.post(reverse("wagtailadmin_pages:delete", args=[release.pk]))
    assert type(release).objects.filter(pk=release.pk).exists()
    assert translator.get(reverse("wagtailsnippets_news_topic:list")).status_code == 200


def test_both_translator_groups_hold_just_what_translating_needs(news_site):
    from django.apps import apps
    from django.contrib.auth.models import Group
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    from translators.groups import ensure_translator_groups

    ensure_translator_groups(apps)
    for name in ("Translators into English", "Translators into French"):
        group = Group.objects.get(name=name)
        assert {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} == {
            "wagtailadmin.access_admin",
            "wagtail_localize.submit_translation",
            "news.change_topic",
            "subscriptions.change_newsletterissue",
            "subscriptions.publish_newsletterissue",
            "media_library.change_videoasset",
            "media_library.publish_videoasset",
        }
        assert {
            (gpp.page.depth, gpp.permission.codename)
            for gpp in GroupPagePermission.objects.filter(group=group)
        } == {(1, "change_page"), (1, "publish_page")}
        assert {
            (gcp.collection.depth, gcp.permission.codename)
            for gcp in GroupCollectionPermission.objects.filter(group=group)
        } == {(1, "change_videoasset"), (1, "publish_videoasset")}


def test_topics_are_translated_from_the_snippet_list(
    translator, news_site, django_capture_on_commit_callbacks
):
    from news.models import Topic

    topic = Topic.objects.create(locale=news_site["locales"]["fr"], slug="eau", name="Eau")
    listing = translator.get(reverse("wagtailsnippets_news_topic:list"))
    url = reverse("wagtail_localize:submit_snippet_translation", args=["news", "topic", topic.pk])
    assert url in listing.text
    response = translator.post(url, {"locales": [news_site["locales"]["en"].pk]})
    assert response.status_code == 302
    english = topic.get_translation(news_site["locales"]["en"])
    editor = translator.get(response["Location"])
    assert editor.status_code == 200 and "js-translation-editor" in editor.text
    assert english.name == "Eau"  # until the translator fills it in
