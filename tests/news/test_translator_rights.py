"""What each translator group may do, through the real admin views, in both directions:
translators into English work on English translations of French originals, translators into
French on French translations of English originals; neither touches an original (edit,
publish, unpublish, delete, move, copy, lock), creates a source page, or works in the other
language. Videos (with their shot list), topics and newsletter issues follow the same rules."""

from decimal import Decimal

import pytest
from django.urls import reverse
from wagtail.models import Page

from .test_translators import start_translation
from .translation_editor import TranslationEditor

pytestmark = pytest.mark.django_db

ENGLISH_FIRST = {
    "title": "Written in English",
    "language": "en",
    "standfirst": "An English lead.",
    "place": "Geneva",
    "body": [("paragraph", "<p>English words.</p>")],
}
ENGLISH_FIRST_IN_FRENCH = {
    "Written in English": "Écrit en anglais",
    "written-in-english": "ecrit-en-anglais",
    "An English lead.": "Un chapeau anglais.",
    "Geneva": "Genève",
    "English words.": "Des mots anglais.",
}


def refused(response):
    """Wagtail answers "permission denied" with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or response.get("Location") == "/admin/"


def assert_original_untouchable(client, page, other_index):
    """Every action on an original is refused, and the page is left as it was."""
    revision = page.latest_revision_id
    for url in [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:unpublish", args=[page.pk]),
        reverse("wagtailadmin_pages:delete", args=[page.pk]),
        reverse("wagtailadmin_pages:copy", args=[page.pk]),
        reverse("wagtailadmin_pages:move_confirm", args=[page.pk, other_index.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[page.get_parent().pk]),
    ]:
        assert refused(client.get(url)), url
        assert refused(client.post(url, {"action": "publish", "title": "Hijacked"})), url
    client.post(reverse("wagtailadmin_pages:lock", args=[page.pk]))
    page = Page.objects.get(pk=page.pk)
    assert page.live and not page.locked and page.latest_revision_id == revision
    assert page.title != "Hijacked" and page.get_parent().get_children().count() >= 1


def test_translator_into_english_translates_french_originals_and_touches_no_original(
    news_site, make_release, translator_client, django_capture_on_commit_callbacks
):
    translator = translator_client("en")
    french = make_release()
    english_first = make_release(**ENGLISH_FIRST)

    # The French original: translated into English (only English is offered)...
    form = translator.get(reverse("wagtail_localize:submit_page_translation", args=[french.pk]))
    offered = form.context["form"].fields["locales"].queryset
    assert [locale.language_code for locale in offered] == ["en"]
    english = start_translation(translator, french, "en", django_capture_on_commit_callbacks)
    english.fill({**_release_in_english(), "un-communiqué": "a-release"})
    english.publish()
    assert english.page.live and english.page.title == "A release"
    # ...its translation may be unpublished by the translator (it is theirs)...
    response = translator.post(reverse("wagtailadmin_pages:unpublish", args=[english.page.pk]))
    assert response.status_code == 302
    english.page.refresh_from_db()
    assert not english.page.live
    # ...but deleting, moving or copying it is not a translator's job.
    assert refused(translator.post(reverse("wagtailadmin_pages:delete", args=[english.page.pk])))

    # The original itself, in French, and an English original: untouchable.
    assert_original_untouchable(translator, french, news_site["index"]["en"])
    assert_original_untouchable(translator, english_first, news_site["index"]["fr"])
    # An English original cannot be translated into French by a translator into English.
    url = reverse("wagtail_localize:submit_page_translation", args=[english_first.pk])
    assert translator.get(url).status_code == 403
    assert translator.post(url, {"locales": [news_site["locales"]["fr"].pk]}).status_code == 403
    assert english_first.get_translations().count() == 0


def test_translator_into_french_translates_english_originals_and_not_into_english(
    news_site, make_release, translator_client, django_capture_on_commit_callbacks
):
    translator = translator_client("fr")
    english_first = make_release(**ENGLISH_FIRST)
    french_first = make_release(translation=_release_in_english())

    french = start_translation(translator, english_first, "fr", django_capture_on_commit_callbacks)
    french.fill(ENGLISH_FIRST_IN_FRENCH)
    french.publish()
    assert french.page.live and french.page.title == "Écrit en anglais"

    assert_original_untouchable(translator, english_first, news_site["index"]["fr"])
    assert_original_untouchable(translator, french_first, news_site["index"]["en"])
    # The English translation of a French release belongs to the translators into English.
    english_version = french_first.get_translation(news_site["locales"]["en"])
    assert refused(
        translator.post(
            reverse("wagtailadmin_pages:edit", args=[english_version.pk]), {"action": "publish"}
        )
    )
    assert refused(
        translator.post(reverse("wagtailadmin_pages:unpublish", args=[english_version.pk]))
    )
    english_version.refresh_from_db()
    assert english_version.live


def test_a_person_in_both_groups_translates_both_ways(
    news_site, make_release, translator_client, django_capture_on_commit_callbacks
):
    translator = translator_client("en", "fr")
    french = make_release()
    english_first = make_release(**ENGLISH_FIRST)
    english = start_translation(translator, french, "en", django_capture_on_commit_callbacks)
    english.fill({**_release_in_english(), "un-communiqué": "a-release"})
    english.publish()
    french_version = start_translation(
        translator, english_first, "fr", django_capture_on_commit_callbacks
    )
    french_version.fill(ENGLISH_FIRST_IN_FRENCH)
    french_version.publish()
    assert_original_untouchable(translator, french, news_site["index"]["en"])
    assert_original_untouchable(translator, english_first, news_site["index"]["fr"])


def test_translators_do_not_sync_translations_editors_do(
    news_site, make_release, translator_client, editor
):
    from wagtail_localize.models import TranslationSource

    translator = translator_client("en")
    release = make_release(translation=_release_in_english())
    source = TranslationSource.objects.get(object_id=release.translation_key)
    url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert translator.get(url).status_code == 403
    assert editor.get(url).status_code == 200


def test_topics_only_in_the_translators_language(news_site, translator_client):
    english_translator, french_translator = translator_client("en"), translator_client("fr")
    french_topic = news_site["topics"]["climate"]
    english_topic = french_topic.get_translation(news_site["locales"]["en"])

    def edit_url(topic):
        return reverse("wagtailsnippets_news_topic:edit", args=[topic.pk])

    assert english_translator.get(edit_url(english_topic)).status_code == 200
    assert refused(english_translator.get(edit_url(french_topic)))
    assert refused(english_translator.post(edit_url(french_topic), {"name": "Hijacked"}))
    assert refused(french_translator.get(edit_url(english_topic)))
    assert refused(french_translator.get(edit_url(french_topic)))
    assert refused(english_translator.get(reverse("wagtailsnippets_news_topic:add")))
    french_topic.refresh_from_db()
    assert french_topic.name == "Climat"


def test_video_with_its_shot_list_and_captions_translated_into_english_original_untouchable(
    news_site, translator_client, tmp_path, settings, django_capture_on_commit_callbacks
):
    from media_library.models import CaptionCue, ShotListItem

    settings.MEDIA_ROOT = tmp_path
    translator = translator_client("en")
    video = _french_video(tmp_path, news_site["locales"]["fr"])
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["media_library", "videoasset", video.pk],
    )
    listing = translator.get(reverse("wagtailsnippets_media_library_videoasset:list")).text
    assert url in listing
    response = translator.post(url, {"locales": [news_site["locales"]["en"].pk]})
    assert response.status_code == 302
    english = TranslationEditor(
        translator,
        video.get_translation(news_site["locales"]["en"]),
        django_capture_on_commit_callbacks,
    )
    assert set(english.segments_to_translate()) == {
        "La conférence",
        "Ouverture de la conférence.",
        "Service de presse",
        "Plan large de la salle",
        "La présidente arrive",
        "[Applaudissements] Bienvenue à toutes et à tous.",
    }
    # A translator into French may not write into the English version's segments.
    segment_urls = english.segments_to_translate()
    response = translator_client("fr").put(
        segment_urls["La conférence"],
        data="value=Hijacked",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 403
    english.fill(
        {
            "La conférence": "The conference",
            "Ouverture de la conférence.": "Opening of the conference.",
            "Service de presse": "Press office",
            "Plan large de la salle": "Wide shot of the room",
            "La présidente arrive": "The president arrives",
            "[Applaudissements] Bienvenue à toutes et à tous.": "Welcome, everyone.",
        }
    )
    english.publish()
    translated = english.page
    assert (translated.title, translated.description, translated.credits) == (
        "The conference",
        "Opening of the conference.",
        "Press office",
    )
    assert [s.description for s in ShotListItem.objects.filter(asset=translated)] == [
        "Wide shot of the room",
        "The president arrives",
    ]
    # The captions became English text on the source's timings, which the translator never saw.
    assert [(c.start, c.end, c.text) for c in CaptionCue.objects.filter(asset=translated)] == [
        (Decimal("0.200"), Decimal("1.600"), "Welcome, everyone.")
    ]

    edit = reverse("wagtailsnippets_media_library_videoasset:edit", args=[video.pk])
    unpublish = reverse("wagtailsnippets_media_library_videoasset:unpublish", args=[video.pk])
    delete = reverse("wagtailsnippets_media_library_videoasset:delete", args=[video.pk])
    assert refused(translator.get(edit))
    assert refused(translator.post(edit, {"title": "Hijacked", "action-publish": "1"}))
    assert refused(translator.post(unpublish))
    assert refused(translator.post(delete))
    assert refused(translator.get(reverse("wagtailsnippets_media_library_videoasset:add")))
    video.refresh_from_db()
    assert video.live and video.title == "La conférence"
    # A translator into French cannot touch the English version either.
    french_translator = translator_client("fr")
    assert refused(
        french_translator.get(
            reverse("wagtailsnippets_media_library_videoasset:edit", args=[translated.pk])
        )
    )


def test_newsletter_issue_translated_by_a_translator_into_english_only(
    news_site, translator_client, django_capture_on_commit_callbacks
):
    from subscriptions.models import NewsletterIssue

    issue = NewsletterIssue.objects.create(
        subject="La lettre de mars",
        introduction="Les nouvelles du mois.",
        locale=news_site["locales"]["fr"],
    )
    issue.save_revision().publish()
    translator, french_translator = translator_client("en"), translator_client("fr")
    url = reverse(
        "wagtail_localize:submit_snippet_translation",
        args=["subscriptions", "newsletterissue", issue.pk],
    )
    assert french_translator.get(url).status_code == 403
    assert translator.post(url, {"locales": [news_site["locales"]["en"].pk]}).status_code == 302
    english = TranslationEditor(
        translator,
        issue.get_translation(news_site["locales"]["en"]),
        django_capture_on_commit_callbacks,
    )
    english.fill(
        {"La lettre de mars": "The March letter", "Les nouvelles du mois.": "The month's news."}
    )
    english.publish()
    assert english.page.subject == "The March letter"
    edit = reverse(issue.snippet_viewset.get_url_name("edit"), args=[issue.pk])
    assert refused(translator.get(edit))
    assert refused(translator.post(edit, {"subject": "Hijacked", "action-publish": "1"}))
    issue.refresh_from_db()
    assert issue.subject == "La lettre de mars"


def _release_in_english():
    from .conftest import english_strings

    return english_strings()


def _french_video(folder, locale):
    from django.core.files import File

    from media_library.encoding import probe
    from media_library.models import CaptionCue, ShotListItem, VideoAsset, VideoFile
    from tests.media_library.videos import make_video

    path = make_video(folder / "conference.mp4", seconds=2)
    video_file = VideoFile(original_filename=path.name, **probe.probe(path).as_fields())
    with open(path, "rb") as handle:
        video_file.file.save(path.name, File(handle), save=False)
    video_file.save()
    asset = VideoAsset(
        title="La conférence",
        description="Ouverture de la conférence.",
        credits="Service de presse",
        video=video_file,
        locale=locale,
        shots=[
            ShotListItem(start=0, end=1, description="Plan large de la salle", locale=locale),
            ShotListItem(start=1, end=2, description="La présidente arrive", locale=locale),
        ],
        cues=[
            CaptionCue(
                start=Decimal("0.200"),
                end=Decimal("1.600"),
                text="[Applaudissements] Bienvenue à toutes et à tous.",
                locale=locale,
            )
        ],
    )
    asset.save()
    asset.save_revision().publish()
    return asset
