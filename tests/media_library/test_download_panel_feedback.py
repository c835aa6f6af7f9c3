"""The download panel's answers a visitor reads: refusals without JavaScript, shot numbers that
survive a language switch and a login, one message per problem, the sizes presets give."""

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils.translation import override

from media_library.models import TermsAcceptance, VideoRendition

from .shots import add_shots
from .test_download_panel import page_url, submit
from .test_public_downloads import verified_user

PASSWORD = "a long enough password"


@pytest.fixture
def french_asset(make_asset, small_video, media_root):
    """3 seconds, in French, with three shots of one second."""
    asset = make_asset(small_video, title="Convoi humanitaire", locale="fr")
    return add_shots(asset, [("0", "1"), ("1", "2"), ("2", "3")])


def log_in_with_terms(client):
    """A journalist who may download and has accepted the terms, logged in on `client`."""
    user = verified_user("desk@example.org")
    TermsAcceptance.objects.create(user=user)
    client.force_login(user)
    return user


def request_url(asset, language):
    with override(language):
        return reverse("media_library_public:request", args=[asset.video_id])


def page_messages(client, url):
    """The messages shown on the page at `url` and its form's times and format."""
    soup = BeautifulSoup(client.get(url).content.decode(), "html.parser")
    shown = [item.get_text(" ", strip=True) for item in soup.select(".messages li")]
    chosen = soup.find(id="clip-preset").find("option", selected=True)
    fields = (soup.find(id="clip-start")["value"], soup.find(id="clip-end")["value"])
    return shown, fields, chosen["value"] if chosen else None


def test_over_the_hourly_limit_a_plain_form_gets_a_message_on_the_panel(
    client, french_asset, settings
):
    settings.MEDIA_LIBRARY_NEW_RENDITIONS_PER_HOUR = 0
    log_in_with_terms(client)
    page = client.get(page_url(french_asset, "fr")).content.decode()
    response = submit(client, page, button="Préparer l", fill={"start": "00:00.5", "end": "00:02"})
    assert response.status_code == 302 and "json" not in response.get("Content-Type", "")
    location = response["Location"]
    assert location.startswith(page_url(french_asset, "fr")) and location.endswith("#download")
    shown, fields, preset = page_messages(client, location)
    assert shown == [
        "Vous avez demandé beaucoup de nouveaux extraits depuis une heure. "
        "Veuillez réessayer plus tard."
    ]
    assert fields == ("00:00.5", "00:02") and preset == "original"
    assert VideoRendition.objects.count() == 0

    # The page's script asks for JSON and still gets it.
    answer = client.post(
        request_url(french_asset, "fr"),
        {"start": "1", "end": "2", "preset": "original"},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 429 and "errors" in answer.json()


def test_an_unconfirmed_address_gets_a_message_on_the_panel_not_json(client, french_asset):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email="new@example.org", password=PASSWORD)
    client.force_login(user)
    url = request_url(french_asset, "fr")
    fields = {"start": "00:01", "end": "00:02.5", "preset": "mp4-720p", "shots": ["2"]}
    response = client.post(url, fields)
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query) == {
        "start": ["00:01"],
        "end": ["00:02.5"],
        "preset": ["mp4-720p"],
        "shots": ["2"],
    }
    shown, times, preset = page_messages(client, response["Location"])
    assert shown == ["Confirmez votre adresse e-mail pour télécharger des vidéos."]
    assert times == ("00:01", "00:02.5") and preset == "mp4-720p"

    answer = client.post(url, fields, headers={"Accept": "application/json"})
    assert answer.status_code == 403 and "errors" in answer.json()


@pytest.fixture
def bilingual_asset(french_asset, roots, django_capture_on_commit_callbacks):
    """The French video and its English version: each language has its own shot rows."""
    from portal.demo.translation import translate

    strings = {"Convoi humanitaire": "Relief convoy"}
    strings.update({f"Shot {number}": f"English shot {number}" for number in (1, 2, 3)})
    with django_capture_on_commit_callbacks(execute=True):
        english = translate(french_asset, roots["en"], strings)
    return french_asset, english


def ticked(page):
    soup = BeautifulSoup(page, "html.parser")
    return [box.has_attr("checked") for box in soup.select("input.shot-tick")]


def english_link(page):
    soup = BeautifulSoup(page, "html.parser")
    return soup.select_one('.language-switcher a[hreflang="en"]')["href"]


def test_ticked_shots_survive_the_language_switch_and_the_login(client, bilingual_asset):
    french, english = bilingual_asset
    french_ids = [shot.pk for shot in french.shots.all()]
    english_ids = [shot.pk for shot in english.shots.all()]
    assert len(english_ids) == 3 and not set(french_ids) & set(english_ids)

    query = "?preset=mp4-720p&shots=2&shots=3"
    french_page = client.get(page_url(french, "fr") + query).content.decode()
    assert ticked(french_page) == [False, True, True]

    english_page = client.get(english_link(french_page))
    assert english_page.status_code == 200
    assert "English shot 2" in english_page.content.decode()
    assert ticked(english_page.content.decode()) == [False, True, True]

    # Logging in from the English page comes back with the same shots ticked...
    login = BeautifulSoup(english_page.content.decode(), "html.parser").find(id="login-link")
    user = verified_user("desk@example.org")
    response = client.post(login["href"], {"login": user.email, "password": PASSWORD}, follow=True)
    assert ticked(response.content.decode()) == [False, True, True]

    # ... and asking for the clip there cuts the second and third shots.
    response = submit(
        client,
        response.content.decode(),
        button="Prepare the clip",
        tick=["I accept the terms of use"],
    )
    assert response.status_code == 302
    rendition = VideoRendition.objects.latest("pk")  # after the full versions made at publication
    assert (rendition.start, rendition.end) == (1, 3)


def test_a_shot_number_beyond_the_list_is_one_clear_message(client, french_asset):
    log_in_with_terms(client)
    answer = client.post(
        request_url(french_asset, "fr"),
        {"preset": "original", "shots": ["4"]},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 400
    assert answer.json()["errors"] == {
        "shots": ["Ce plan ne fait pas partie de la liste des plans de la vidéo."]
    }


@pytest.mark.parametrize(
    "language, expected",
    [
        ("fr", "« 00:02.0000000000000… » n'est pas une durée : écrivez-la en minutes:secondes"),
        ("en", "“00:02.0000000000000…” is not a time: write it as minutes:seconds"),
    ],
)
def test_an_over_long_end_gets_one_message(
    client, make_asset, small_video, media_root, language, expected
):
    asset = make_asset(small_video, locale=language)
    log_in_with_terms(client)
    long_end = "00:02." + "0" * 24  # 30 characters
    url = request_url(asset, language)
    fields = {"start": "00:01", "end": long_end, "preset": "original"}

    answer = client.post(url, fields, headers={"Accept": "application/json"})
    assert answer.status_code == 400
    assert list(answer.json()["errors"]) == ["end"]
    [message] = answer.json()["errors"]["end"]
    assert message.startswith(expected)

    response = client.post(url, fields)  # without JavaScript: the same, once
    shown, times, _ = page_messages(client, response["Location"])
    assert shown == [message] and times == ("00:01", long_end)


@pytest.mark.parametrize(
    "language, waiting, ready, whole",
    [
        (
            "en",
            "Waiting for processing — MP4 360p for the web, 00:00.5–00:02 (0%)",
            "Ready — MP4 360p for the web, 00:00.5–00:02",
            "Waiting for processing — Original quality, whole video (0%)",
        ),
        (
            "fr",
            "En attente de traitement — MP4 360p pour le web, 00:00,5–00:02 (0\u00a0%)",
            "Prête — MP4 360p pour le web, 00:00,5–00:02",
            "En attente de traitement — Qualité d'origine, vidéo entière (0\u00a0%)",
        ),
    ],
)
def test_the_progress_texts_name_the_version_and_follow_the_language_and_the_bar(
    client, make_asset, small_video, media_root, language, waiting, ready, whole
):
    from media_library.models import ProcessingStatus

    asset = make_asset(small_video, locale=language)
    log_in_with_terms(client)
    url = request_url(asset, language)
    fields = {"start": "00:00.5", "end": "00:02", "preset": "mp4-360p-web"}
    state = client.post(url, fields, headers={"Accept": "application/json"}).json()
    assert (state["progress"], state["percent"]) == (0, "0%" if language == "en" else "0\u00a0%")
    assert state["label"] == waiting

    # Without JavaScript the page says the same; its form shows that request's selection, with
    # the language's decimal separator.
    page = BeautifulSoup(client.get(page_url(asset, language)).content.decode(), "html.parser")
    assert page.find(id="render-label").get_text() == waiting
    assert page.find(id="render-progress").get_text() == state["percent"]
    half = "00:00.5" if language == "en" else "00:00,5"
    assert (page.find(id="clip-start")["value"], page.find(id="clip-end")["value"]) == (
        half,
        "00:02",
    )
    assert page.find(id="clip-preset").find("option", selected=True)["value"] == "mp4-360p-web"

    VideoRendition.objects.filter(pk=state["id"]).update(status=ProcessingStatus.READY, progress=40)
    with override(language):
        state = client.get(state["status_url"]).json()
    assert (state["progress"], state["label"]) == (100, ready)
    page = BeautifulSoup(client.get(page_url(asset, language)).content.decode(), "html.parser")
    assert page.find(id="render-label").get_text() == ready

    full = client.post(url, {"full": "original"}, headers={"Accept": "application/json"}).json()
    assert full["label"] == whole


@pytest.mark.parametrize(
    "language, note",
    [
        ("en", "this video: 320×180 (never enlarged)"),
        ("fr", "cette vidéo : 320×180 (jamais agrandie)"),
    ],
)
def test_presets_above_the_videos_height_say_it_comes_out_at_its_own_size(
    client, make_asset, small_video, media_root, language, note
):
    from media_library.models import DownloadPreset

    asset = make_asset(small_video, locale=language)
    assert (asset.video.width, asset.video.height) == (320, 180)
    DownloadPreset.objects.filter(slug="mp4-720p").update(height=120)  # below: no note
    page = BeautifulSoup(client.get(page_url(asset, language)).content.decode(), "html.parser")
    options = {
        option["value"]: option.get_text(" ", strip=True)
        for option in page.find(id="clip-preset").find_all("option")
    }
    versions = {
        row.th.contents[0].strip(): row.th.get_text(" ", strip=True)
        for row in page.select(".versions tbody tr")
    }
    noted = set()
    with override(language):
        for preset in DownloadPreset.objects.filter(enabled=True):
            if options[preset.slug] == f"{preset.name} — {note}":
                assert versions[preset.name] == f"{preset.name} {note}"  # the note in its row
                noted.add(preset.slug)
            else:
                assert options[preset.slug] == preset.name
    assert "mp4-1080p" in noted  # 1080 > 180: the video stays 320×180
    assert "mp4-720p" not in noted and "original" not in noted  # 120 < 180; its own size


def test_back_on_the_plain_page_the_latest_request_shows_with_its_shots_ticked(
    client, french_asset
):
    log_in_with_terms(client)
    fields = {"shots": ["2", "3"], "preset": "mp4-360p-web"}
    client.post(request_url(french_asset, "fr"), fields, headers={"Accept": "application/json"})
    page = BeautifulSoup(client.get(page_url(french_asset, "fr")).content.decode(), "html.parser")
    assert [tick["value"] for tick in page.select(".shot-tick[checked]")] == ["2", "3"]
    assert (page.find(id="clip-start")["value"], page.find(id="clip-end")["value"]) == (
        "00:01",
        "00:03",
    )
