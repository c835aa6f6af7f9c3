"""Translators per language in a browser (issue 12): a translator into English (English admin)
translates a French release and a video with its shot list, and is turned away from the French
original; a translator into French (French admin) translates an English release. No console
error, no request outside the portal."""

import pytest
from playwright.sync_api import expect

from tests.media_library.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Une-phrase-de-passe-1"


@pytest.fixture
def newsroom(transactional_db, django_capture_on_commit_callbacks, tmp_path):
    from django.apps import apps
    from django.core.files import File
    from django.utils import timezone

    from media_library.encoding import probe
    from media_library.models import ShotListItem, VideoAsset, VideoFile
    from news.models import NewsIndexPage, PressReleasePage
    from portal.demo.home import ensure_home_pages
    from portal.demo.translation import translate
    from translators.groups import ensure_translator_groups

    with django_capture_on_commit_callbacks(execute=True):
        homes = ensure_home_pages()
        # after the home pages: an emptied database has its page tree's root again only now,
        # and the groups' page permissions are held on it
        ensure_translator_groups(apps)
        fr, en = homes["fr"].locale, homes["en"].locale
        index = homes["fr"].add_child(
            instance=NewsIndexPage(title="Communiqués", slug="communiques", locale=fr)
        )
        index.save_revision().publish()
        english_index = translate(
            index, en, {"Communiqués": "Press releases", "communiques": "news"}
        )

    def release(parent, title, text, body, locale, place, number):
        page = parent.add_child(
            instance=PressReleasePage(
                title=title,
                standfirst=text,
                place=place,
                release_date=timezone.now(),
                reference=f"PR/CP(2026){number:03d}",
                body=[("paragraph", f"<p>{body}</p>")],
                locale=locale,
            )
        )
        page.save_revision().publish()
        return page

    path = make_video(tmp_path / "ouverture.mp4", seconds=2)
    video_file = VideoFile(original_filename=path.name, **probe.probe(path).as_fields())
    with open(path, "rb") as handle:
        video_file.file.save(path.name, File(handle), save=False)
    video_file.save()
    video = VideoAsset(
        title="Ouverture du sommet",
        description="La séance d'ouverture.",
        credits="Service de presse",
        video=video_file,
        locale=fr,
        shots=[ShotListItem(start=0, end=2, description="La salle se remplit", locale=fr)],
    )
    video.save()
    video.save_revision().publish()
    return {
        "french": release(
            index,
            "Le sommet s'ouvre",
            "Le sommet s'ouvre à Genève.",
            "Les délégations arrivent.",
            fr,
            "Genève",
            1,
        ),
        "english": release(
            english_index,
            "Talks resume",
            "Talks resume in Nairobi.",
            "Delegations arrive.",
            en,
            "Geneva",
            2,
        ),
        "video": video,
    }


@pytest.fixture
def translator(django_user_model):
    from wagtail.users.models import UserProfile

    from translators.rules import GROUPS

    def make(language, admin_language):
        user = django_user_model.objects.create_user(
            email=f"translator-{language}@example.org", password=PASSWORD
        )
        user.groups.add(user.groups.model.objects.get(name=GROUPS[language]))
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = admin_language
        profile.save()
        return user

    return make


def translate_segments(page, strings, translate_label, save_label):
    for source, target in strings.items():
        segment = page.locator("li", has=page.get_by_text(source, exact=True)).last
        segment.get_by_role("button", name=translate_label).click()
        segment.locator("textarea").fill(target)
        segment.get_by_role("button", name=save_label).click()
        segment.get_by_text(target, exact=True).wait_for()


def test_translator_into_english_translates_a_release_and_a_video_not_the_original(
    newsroom, translator, staff_tab, live_server
):
    page, watch = staff_tab(translator("en", "en"), PASSWORD, locale="en-GB")
    french = newsroom["french"]

    page.goto(f"{live_server.url}/admin/localize/submit/page/{french.pk}/")
    expect(page.get_by_role("checkbox")).to_have_count(1)  # English only
    page.get_by_label("English").check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/edit/", timeout=60_000)  # creating the translation takes a while
    expect(page.get_by_role("heading", name="French to English translation").first).to_be_visible()
    translate_segments(
        page,
        {
            "Le sommet s'ouvre": "The summit opens",
            "Le sommet s'ouvre à Genève.": "The summit opens in Geneva.",
            "Genève": "Geneva",
            "Les délégations arrivent.": "Delegations arrive.",
        },
        "Translate",
        "Save",
    )
    page.get_by_role("button", name="Publish in English").click()
    expect(page.get_by_text("Published 'The summit opens' in English.")).to_be_visible()

    visitor = page.context.new_page()
    visitor.goto(f"{live_server.url}/en/news/the-summit-opens/")
    expect(visitor.locator("main")).to_contain_text("The summit opens in Geneva.")
    visitor.close()

    # The video, with its shot list.
    video = newsroom["video"]
    page.goto(f"{live_server.url}/admin/videos/")
    page.get_by_role("button", name="More options for 'Ouverture du sommet'").click()
    page.get_by_role("link", name="Translate").click()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/edit/**", timeout=60_000)
    translate_segments(
        page,
        {
            "Ouverture du sommet": "Opening of the summit",
            "La séance d'ouverture.": "The opening session.",
            "Service de presse": "Press office",
            "La salle se remplit": "The room fills up",
        },
        "Translate",
        "Save",
    )
    page.get_by_role("button", name="Publish in English").click()
    expect(page.get_by_text("Published 'Opening of the summit' in English.")).to_be_visible()

    # The French original is not theirs.
    page.goto(f"{live_server.url}/admin/pages/{french.pk}/edit/")
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(
        page.get_by_text("Sorry, you do not have permission to access this area.")
    ).to_be_visible()
    page.goto(f"{live_server.url}/admin/videos/edit/{video.pk}/")
    expect(
        page.get_by_text("Sorry, you do not have permission to access this area.")
    ).to_be_visible()
    watch.assert_clean()


def test_translator_into_french_translates_an_english_release_in_a_french_admin(
    newsroom, translator, staff_tab, live_server
):
    page, watch = staff_tab(translator("fr", "fr"), PASSWORD, locale="fr-FR")
    english = newsroom["english"]
    page.goto(f"{live_server.url}/admin/localize/submit/page/{english.pk}/")
    expect(page.get_by_role("checkbox")).to_have_count(1)  # French only
    page.get_by_label("français").check()
    page.get_by_role("button", name="Soumettre").click()
    page.wait_for_url("**/edit/", timeout=60_000)  # creating the translation takes a while
    expect(page.get_by_role("heading", name="Traduction anglais → français").first).to_be_visible()
    expect(page.get_by_text("Plus d’actions").first).to_be_attached()
    translate_segments(
        page,
        {
            "Talks resume": "Les pourparlers reprennent",
            "Talks resume in Nairobi.": "Les pourparlers reprennent à Nairobi.",
            "Geneva": "Genève",
            "Delegations arrive.": "Les délégations arrivent.",
        },
        "Traduire",
        "Enregistrer",
    )
    page.get_by_role("button", name="Publier en français").click()
    expect(page.get_by_text("en français effectuée")).to_be_visible()
    page.goto(f"{live_server.url}/fr/communiques/les-pourparlers-reprennent/")
    expect(page.locator("main")).to_contain_text("Les pourparlers reprennent à Nairobi.")

    page.goto(f"{live_server.url}/admin/pages/{english.pk}/edit/")
    page.wait_for_url(f"{live_server.url}/admin/")
    expect(
        page.get_by_text("Désolé, vous n'avez pas les autorisations pour accéder à cette zone.")
    ).to_be_visible()
    watch.assert_clean()


ISSUE_STRINGS = {
    "Le point de la semaine": "The week in brief",
    "Trois nouvelles cette semaine.": "Three stories this week.",
    "Rapport annuel": "Annual report",
    "Les chiffres de l'année.": "The year's figures.",
}
# The admin's words in each language: locale of the browser, buttons, the publish message.
ADMIN = {
    "en": (
        "en-GB",
        ("English", "Submit", "Translate", "Save", "Publish in English"),
        "Published 'The week in brief' in English.",
    ),
    "fr": (
        "fr-FR",
        ("anglais", "Soumettre", "Traduire", "Enregistrer", "Publier en anglais"),
        "en anglais effectuée",
    ),
}


@pytest.mark.parametrize("admin_language", ["en", "fr"])
def test_translator_into_english_translates_a_newsletter_issue(
    newsroom, translator, staff_tab, live_server, admin_language
):
    from wagtail.models import Locale

    from subscriptions.models import NewsletterIssue

    issue = NewsletterIssue(
        locale=Locale.objects.get(language_code="fr"),
        subject="Le point de la semaine",
        introduction="Trois nouvelles cette semaine.",
        items=[
            (
                "link",
                {
                    "title": "Rapport annuel",
                    "summary": "Les chiffres de l'année.",
                    "url": "https://example.org/rapport",
                },
            )
        ],
    )
    issue.save()
    issue.save_revision().publish()
    browser_locale, labels, published = ADMIN[admin_language]
    english, submit, translate, save, publish = labels
    page, watch = staff_tab(translator("en", admin_language), PASSWORD, locale=browser_locale)

    page.goto(
        f"{live_server.url}/admin/localize/submit/snippet/subscriptions/newsletterissue/{issue.pk}/"
    )
    expect(page.get_by_role("checkbox")).to_have_count(1)  # English only
    page.get_by_label(english, exact=False).check()
    page.get_by_role("button", name=submit).click()
    page.wait_for_url("**/edit/**", timeout=60_000)
    translate_segments(page, ISSUE_STRINGS, translate, save)
    page.get_by_role("button", name=publish).click()
    expect(page.get_by_text(published)).to_be_visible()

    translated = NewsletterIssue.objects.get(
        translation_key=issue.translation_key, locale__language_code="en"
    )
    assert translated.live
    assert translated.subject == "The week in brief"
    assert translated.introduction == "Three stories this week."
    assert translated.items[0].value["title"] == "Annual report"
    watch.assert_clean()
