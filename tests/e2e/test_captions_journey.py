"""Captions in the browser, in each language: the player's tracks (the page's language on),
switching language with the captions menu, the transcript (a click seeks the player and the
cue is highlighted), and a journalist downloading a clip with its subtitles cut and re-timed.
The 360p rendition and the clip are made by a real `rqworker` with real ffmpeg; axe checks the
page (its `video-caption` rule among the others); no console error."""

import pytest

from tests.e2e.test_download_journey import PASSWORD
from tests.e2e.test_video_player_journey import processed_video  # noqa: F401 (fixture)
from tests.media_library.captions import add_cues

pytestmark = pytest.mark.django_db(transaction=True)

FRENCH = [
    ("0.300", "1.200", "[Sirène au loin]"),
    ("1.500", "2.600", "Les bénévoles arrivent au port."),
    ("2.800", "3.900", "Merci à toutes et à tous."),
]
ENGLISH = {
    "Nettoyage du port": "Harbour clean-up",
    "[Sirène au loin]": "[Siren in the distance]",
    "Les bénévoles arrivent au port.": "The volunteers reach the harbour.",
    "Merci à toutes et à tous.": "Thank you, everyone.",
}
WORDS = {
    "en": {
        "menu": "Captions",
        "other": "fr",
        "second_cue": "The volunteers reach the harbour.",
        "login": "Log in to download",
        "log_in": "Log in",
        "terms": "I accept the terms of use",
        "prepare": "Prepare the clip",
        "srt": "SRT — English (subtitles), this clip",
        "file": "harbour-clean-up_en_subtitles_1.5-3.5.srt",
        "clip_srt": "1\n00:00:00,000 --> 00:00:01,100\nThe volunteers reach the harbour.\n\n"
        "2\n00:00:01,300 --> 00:00:02,000\nThank you, everyone.\n",
    },
    "fr": {
        "menu": "Sous-titres",
        "other": "en",
        "second_cue": "Les bénévoles arrivent au port.",
        "login": "Se connecter pour télécharger",
        "log_in": "Se connecter",
        "terms": "J'accepte les conditions d'utilisation",
        "prepare": "Préparer l'extrait",
        "srt": "SRT — Français (sous-titres pour sourds et malentendants), cet extrait",
        "file": "nettoyage-du-port_fr_captions_1.5-3.5.srt",
        "clip_srt": "1\n00:00:00,000 --> 00:00:01,100\nLes bénévoles arrivent au port.\n\n"
        "2\n00:00:01,300 --> 00:00:02,000\nMerci à toutes et à tous.\n",
    },
}


@pytest.fixture
def captioned(processed_video, django_user_model):  # noqa: F811 (the imported fixture)
    """The video with French captions, translated into English subtitles; a journalist."""
    from allauth.account.models import EmailAddress
    from wagtail.models import Locale

    from media_library.models import VideoAsset
    from portal.demo.translation import translate

    french = VideoAsset(
        title="Nettoyage du port",
        video=processed_video,
        locale=Locale.objects.get(language_code="fr"),
        live=True,
    )
    french.save()
    add_cues(french, FRENCH)
    french.save_revision().publish()
    translate(french, Locale.objects.get(language_code="en"), ENGLISH)
    user = django_user_model.objects.create_user(email="desk@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return processed_video, user


def showing(page):
    return page.evaluate(
        "Array.from(document.getElementById('player').textTracks)"
        ".filter((t) => t.mode === 'showing').map((t) => t.language)"
    )


@pytest.mark.parametrize("language", ["en", "fr"])
def test_captions_on_switch_language_transcript_seeks_and_clip_subtitles_download(
    captioned, live_server, open_page, run_worker, assert_accessible, language
):
    video, user = captioned
    words = WORDS[language]
    page = open_page(locale="en-GB" if language == "en" else "fr-FR")
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/{language}/videos/{video.pk}/")
    page.wait_for_function("document.getElementById('player').readyState >= 1")

    # (1) One track per language; the page's language is on by default.
    tracks = page.locator("video#player track")
    assert tracks.count() == 2
    assert tracks.first.get_attribute("srclang") == language
    assert showing(page) == [language]
    page.wait_for_function(
        "Array.from(document.getElementById('player').textTracks)"
        ".every((t) => t.mode !== 'showing' || (t.cues && t.cues.length === 3))"
    )
    assert_accessible(page)  # video-caption included

    # (2) The captions menu, reached with the keyboard, switches language; the transcript too.
    menu = page.get_by_label(words["menu"], exact=True)
    menu.focus()
    assert page.evaluate("document.activeElement.classList.contains('captions__language')")
    menu.select_option(words["other"])
    assert showing(page) == [words["other"]]
    visible = page.locator(".transcript__cues:visible")
    assert visible.get_attribute("lang") == words["other"]
    menu.select_option(language)
    assert showing(page) == [language]

    # (3) A click on a cue of the transcript seeks the player there and highlights it.
    page.evaluate(
        """() => {
            const player = document.getElementById('player');
            window.seekedTo = null;
            player.addEventListener('seeked', () => { window.seekedTo = player.currentTime; },
                                    {once: true});
        }"""
    )
    cue = page.locator(".transcript__cues:visible .transcript__cue").nth(1)
    assert words["second_cue"] in cue.inner_text()
    cue.click()
    page.wait_for_function("window.seekedTo !== null")
    assert page.evaluate("window.seekedTo") == pytest.approx(1.5, abs=0.05)
    assert cue.get_attribute("aria-current") == "true"
    page.get_by_text(words["menu"], exact=True).first.wait_for()
    assert page.locator(".transcript__cue[aria-current]").count() == 1

    # (4) A journalist downloads a clip (1.5–3.5 s) and its subtitles, cut and re-timed.
    page.get_by_role("link", name=words["login"]).click()
    page.wait_for_url("**/accounts/login/**")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=words["log_in"]).click()
    page.wait_for_url(f"**/{language}/videos/{video.pk}/**")
    page.locator("#clip-start").fill("00:01.5" if language == "en" else "00:01,5")
    page.locator("#clip-end").fill("00:03.5" if language == "en" else "00:03,5")
    page.locator("#clip-preset").select_option("original")
    page.get_by_label(words["terms"]).check()
    page.get_by_role("button", name=words["prepare"]).click()
    page.locator("#render-progress").wait_for(state="visible")
    with page.expect_download(timeout=60_000):
        run_worker("media")
    srt_link = page.get_by_role("link", name=words["srt"])
    srt_link.wait_for()
    with page.expect_download() as download_info:
        srt_link.click()
    download = download_info.value
    assert download.suggested_filename == words["file"]
    assert download.path().read_text(encoding="utf-8") == words["clip_srt"]
    assert_accessible(page)
    assert errors == []
