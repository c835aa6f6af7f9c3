"""A journalist, in each language: opens a video page, picks a range with the keyboard, logs in
from the page and comes back to the same selection, accepts the terms, watches the progress bar
while a real worker renders the clip, and receives the file. axe checks the pages."""

import importlib

import pytest

from tests.media_library.shots import add_shots
from tests.media_library.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "Correct-Horse-42"

WORDS = {
    "en": {
        "title": "Flood relief convoy",
        "login": "Log in to download",
        "log_in": "Log in",
        "terms": "I accept the terms of use",
        "prepare": "Prepare the clip",
        "file": "flood-relief-convoy_original_1-2.mp4",
        "not_started": "(0%)",
        "ready": "Ready — Original quality, 00:01–00:02",
    },
    "fr": {
        "title": "Convoi d'aide humanitaire",
        "login": "Se connecter pour télécharger",
        "log_in": "Se connecter",
        "terms": "J'accepte les conditions d'utilisation",
        "prepare": "Préparer l'extrait",
        "file": "convoi-daide-humanitaire_original_1-2.mp4",
        "not_started": "(0\u00a0%)",
        "ready": "Prête — Qualité d'origine, 00:01–00:02",
    },
}


@pytest.fixture
def library(transactional_db, django_user_model, tmp_path, settings):
    from allauth.account.models import EmailAddress
    from django.apps import apps
    from django.core.cache import cache

    from portal.demo.home import ensure_home_pages

    cache.clear()
    ensure_home_pages()
    importlib.import_module("media_library.migrations.0002_default_presets").create_presets(
        apps, None
    )
    importlib.import_module(
        "media_library.migrations.0007_player_role_and_terms_date"
    ).give_player_roles(apps, None)
    user = django_user_model.objects.create_user(email="desk@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user, store_video(make_video(tmp_path / "convoy.mp4", seconds=3, size="320x180"))


def store_video(source):
    from django.core.files import File

    from media_library.encoding import probe
    from media_library.models import VideoFile

    video = VideoFile(original_filename=source.name, **probe.probe(source).as_fields())
    with open(source, "rb") as handle:
        video.file.save(source.name, File(handle), save=False)
    video.save()
    return video


def make_asset(video, language, title):
    from wagtail.models import Locale

    from media_library.models import VideoAsset

    asset = VideoAsset(
        title=title,
        video=video,
        locale=Locale.objects.get(language_code=language),
        live=True,
        credits="Press office / Field team",
    )
    asset.save()
    return asset


def log_in_from_the_page(page, user, link, button):
    page.get_by_role("link", name=link).click()
    page.wait_for_url("**/accounts/login/**")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=button).click()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_journalist_logs_in_from_the_video_picks_a_range_and_receives_the_clip(
    library, live_server, open_page, run_worker, assert_accessible, language
):
    user, video = library
    words = WORDS[language]
    asset = make_asset(video, language, words["title"])
    page = open_page(locale="en-GB" if language == "en" else "fr-FR")
    page.goto(f"{live_server.url}/{language}/videos/")
    assert_accessible(page)
    page.get_by_role("link", name=words["title"]).click()
    page.wait_for_url(f"**/{language}/videos/{asset.video_id}/")
    assert_accessible(page)

    start, end = page.locator("#start-handle"), page.locator("#end-handle")
    start.focus()
    for _ in range(25):  # one frame (1/25 s) per key press
        page.keyboard.press("ArrowRight")
    end.focus()
    for _ in range(25):
        page.keyboard.press("ArrowLeft")
    assert page.locator("#clip-start").input_value() == "00:01"
    assert page.locator("#clip-end").input_value() == "00:02"

    log_in_from_the_page(page, user, words["login"], words["log_in"])
    page.wait_for_url(f"**/{language}/videos/{asset.video_id}/?**")
    assert page.locator("#clip-start").input_value() == "00:01"
    assert page.locator("#clip-end").input_value() == "00:02"
    assert "Press office / Field team" in page.locator("#download").inner_text()
    assert_accessible(page)

    page.locator("#clip-preset").select_option("original")
    page.get_by_label(words["terms"]).check()
    page.get_by_role("button", name=words["prepare"]).click()
    progress = page.locator("#render-progress")
    progress.wait_for(state="visible")
    label = page.locator("#render-label")
    assert label.inner_text().endswith(words["not_started"])  # the language's percent spacing
    with page.expect_download(timeout=60_000) as download_info:
        run_worker("media")
    download = download_info.value
    assert download.suggested_filename == words["file"]
    saved = download.path()
    assert saved.stat().st_size > 1000
    assert progress.get_attribute("value") == "100"
    assert label.inner_text() == words["ready"]  # label and bar from the same state, naming
    # the version made


# --- the range picker: exact times, login with the selection, shots, timeline, auto-download ---

PICKER_WORDS = {
    "en": {
        "title": "Harbour clean-up day",
        "web": "MP4 360p for the web",
        "all_videos": "All videos",
        "shots_1_3": "Shots 1, 3, joined in order: the clip lasts 00:08.2.",
        "shot_1_length": "Shot 1: the clip lasts 00:03.5.",
        "shots_file": "harbour-clean-up-day_original_shots-1-3.mp4",
        "ready_shots": "Ready — Original quality, 00:00–00:03.5 + 00:07.3–00:12",
        "nine_and_a_half": "00:09.5",
        "ready_web": "Ready — MP4 360p for the web, 00:06–00:09.5",
        "shot_2": ("00:03.5", "00:07.3"),
        "shot_1": ("00:00", "00:03.5"),
    },
    "fr": {
        "title": "Journée de nettoyage du port",
        "web": "MP4 360p pour le web",
        "all_videos": "Toutes les vidéos",
        "shots_1_3": "Plans 1, 3, mis bout à bout dans l'ordre : l'extrait dure 00:08,2.",
        "shot_1_length": "Plan 1 : l'extrait dure 00:03,5.",
        "shots_file": "journee-de-nettoyage-du-port_original_plans-1-3.mp4",
        "ready_shots": "Prête — Qualité d'origine, 00:00–00:03,5 + 00:07,3–00:12",
        "nine_and_a_half": "00:09,5",
        "ready_web": "Prête — MP4 360p pour le web, 00:06–00:09,5",
        "shot_2": ("00:03,5", "00:07,3"),
        "shot_1": ("00:00", "00:03,5"),
    },
}
SHOTS = [("0", "3.5"), ("3.5", "7.3"), ("7.3", "12")]


@pytest.fixture
def twelve_seconds(library, tmp_path):
    """The journalist of `library` and a 12-second video."""
    user, _ = library
    return user, store_video(make_video(tmp_path / "harbour.mp4", seconds=12, size="160x90"))


def with_strip(video, folder):
    """`video` with a thumbnail strip as the demo videos have: 10 frames of 160×90 (made from a
    20-second video, since a 12-second one gives 6)."""
    from django.core.files import File

    from media_library.encoding import pictures

    source = make_video(folder / "twenty.mp4", seconds=20, size="160x90", audio=False)
    layout = pictures.make_thumbnail_strip(source, "mov", folder / "strip.jpg", 20, 160, 90)
    assert layout["strip_frames"] == 10
    with open(folder / "strip.jpg", "rb") as handle:
        video.strip.save("strip.jpg", File(handle), save=False)
    for field, value in layout.items():
        setattr(video, field, value)
    video.save()
    return video


def seconds(text):
    """'00:09,5' or '00:09.5' -> 9.5"""
    minutes, rest = text.split(":")
    return int(minutes) * 60 + float(rest.replace(",", "."))


def values(page):
    return page.locator("#clip-start").input_value(), page.locator("#clip-end").input_value()


def span_on_strip(page):
    """Where the highlighted span lies on the strip, as fractions of its width."""
    strip = page.locator(".timeline__strip").bounding_box()
    span = page.locator(".timeline__span").bounding_box()
    left = (span["x"] - strip["x"]) / strip["width"]
    return pytest.approx(left, abs=0.01), pytest.approx(
        left + span["width"] / strip["width"], abs=0.01
    )


def login_next(page):
    """The query of the page the login link returns to."""
    from urllib.parse import parse_qs, urlsplit

    return parse_qs(urlsplit(login_next_url(page)).query)


def login_next_url(page):
    from urllib.parse import parse_qs, urlsplit

    href = page.locator("#login-link").get_attribute("href")
    return parse_qs(urlsplit(href).query)["next"][0]


@pytest.mark.parametrize("language", ["en", "fr"])
def test_typed_times_and_format_survive_login_and_return_and_the_clip_downloads_by_itself(
    twelve_seconds, live_server, open_page, run_worker, assert_accessible, language
):
    user, video = twelve_seconds
    words = {**WORDS[language], **PICKER_WORDS[language]}
    asset = make_asset(video, language, words["title"])
    page = open_page(locale="en-GB" if language == "en" else "fr-FR")
    page.emulate_media(reduced_motion="reduce")  # the span jumps: no transition to wait for
    page.goto(f"{live_server.url}/{language}/videos/{asset.video_id}/")

    # Nothing chosen yet: empty fields (the handles sit at both ends) and a login link back to
    # the plain page, which will show this user's own latest request.
    assert values(page) == ("", "")
    assert page.locator("#end-handle").get_attribute("aria-valuetext") == "00:12"
    assert login_next_url(page) == f"/{language}/videos/{asset.video_id}/"

    # Anonymous: a format and typed times (not on the handles' 1/25 s steps) go into the link.
    # the option reads "MP4 360p for the web — this video: 320×180 (never enlarged)"
    web = page.locator("#clip-preset option", has_text=words["web"]).get_attribute("value")
    page.locator("#clip-preset").select_option(web)
    page.locator("#clip-start").fill("00:05")
    page.keyboard.press("Tab")
    half = words["nine_and_a_half"]  # the language's decimal separator
    page.locator("#clip-end").fill(half)
    page.keyboard.press("Tab")
    assert values(page) == ("00:05", half)
    assert login_next(page) == {"start": ["00:05"], "end": [half], "preset": ["mp4-360p-web"]}
    assert page.locator("#end-handle").get_attribute("aria-valuetext") == half
    assert span_on_strip(page) == (5 / 12, 9.5 / 12)
    assert_accessible(page)

    log_in_from_the_page(page, user, words["login"], words["log_in"])
    page.wait_for_url(f"**/{language}/videos/{asset.video_id}/?**")
    assert values(page) == ("00:05", half)
    assert page.locator("#clip-preset").input_value() == "mp4-360p-web"

    # One second later with the keyboard: the start handle moves, the typed end stays exact,
    # and the highlighted span follows.
    page.locator("#start-handle").focus()
    for _ in range(25):
        page.keyboard.press("ArrowRight")
    assert values(page) == ("00:06", half)
    assert page.locator("#start-handle").get_attribute("aria-valuetext") == "00:06"
    assert span_on_strip(page) == (6 / 12, 9.5 / 12)
    assert_accessible(page)

    page.get_by_label(words["terms"]).check()
    page.get_by_role("button", name=words["prepare"], exact=True).click()
    page.locator("#render-progress").wait_for(state="visible")

    # Away to the index while it renders, then back: same times, and the file comes by itself.
    page.get_by_role("link", name=words["all_videos"]).click()
    page.wait_for_url(f"**/{language}/videos/")
    page.get_by_role("link", name=words["title"]).click()
    page.wait_for_url(f"**/{language}/videos/{asset.video_id}/")
    assert values(page) == ("00:06", half)
    page.locator("#render-progress").wait_for(state="visible")
    with page.expect_download(timeout=60_000) as download_info:
        run_worker("media")
    assert download_info.value.suggested_filename.endswith("_mp4-360p-web_6-9.5.mp4")
    assert page.locator("#download-link").is_visible()
    assert page.locator("#render-label").inner_text() == words["ready_web"]

    # A version already made shows its link when the page opens, without downloading again.
    downloads = []
    page.on("download", lambda download: downloads.append(download))
    page.reload()
    page.locator("#download-link").wait_for(state="visible")
    page.wait_for_timeout(1500)
    assert downloads == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_shots_are_ticked_as_asked_and_the_strip_moves_the_nearer_handle_on_a_phone(
    twelve_seconds, live_server, open_page, assert_accessible, language, tmp_path
):
    user, video = twelve_seconds
    words = {**WORDS[language], **PICKER_WORDS[language]}
    video = with_strip(video, tmp_path)  # as wide as a phone allows, whatever its frames
    asset = add_shots(make_asset(video, language, words["title"]), SHOTS, words["title"])
    page = open_page(locale="en-GB" if language == "en" else "fr-FR")
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{live_server.url}/{language}/videos/{asset.video_id}/")
    ticks = page.locator(".shot-tick")
    assert ticks.count() == 3  # anonymous visitors tick shots too

    # A shot gives its own times exactly, not the handles' steps (7.3 s is not a 1/25 multiple
    # of the slider's grid: 7.32 would be).
    ticks.nth(1).check()
    assert values(page) == words["shot_2"]
    assert login_next(page)["shots"] == [ticks.nth(1).get_attribute("value")]
    ticks.nth(1).uncheck()

    # Shots 1 and 3: exactly those two (shot 2 stays unticked), and a polite live region of
    # the panel says how long the clip will be.
    ticks.nth(0).check()
    ticks.nth(2).check()
    assert [ticks.nth(i).is_checked() for i in range(3)] == [True, False, True]
    length = page.locator("#clip-length")
    assert length.get_attribute("aria-live") == "polite"
    assert length.inner_text() == words["shots_1_3"]
    assert login_next(page)["shots"] == ["1", "3"]
    ticks.nth(2).uncheck()
    assert [ticks.nth(i).is_checked() for i in range(3)] == [True, False, False]
    assert length.inner_text() == words["shot_1_length"]
    assert values(page) == words["shot_1"]
    assert span_on_strip(page) == (0, 3.5 / 12)
    assert_accessible(page)

    # A click on the strip moves the nearer handle (the end, at 9 s); a drag moves the start.
    page.locator(".timeline__strip").scroll_into_view_if_needed()
    strip = page.locator(".timeline__strip").bounding_box()
    y = strip["y"] + strip["height"] / 2
    page.mouse.click(strip["x"] + strip["width"] * 0.75, y)
    start, end = values(page)
    assert start == "00:00"
    assert abs(seconds(end) - 9) < 0.1
    assert not any(ticks.nth(i).is_checked() for i in range(3))
    assert page.evaluate("document.activeElement.id") == "end-handle"
    page.mouse.move(strip["x"] + strip["width"] * 0.05, y)
    page.mouse.down()
    page.mouse.move(strip["x"] + strip["width"] * 0.2, y, steps=5)
    page.mouse.up()
    assert abs(seconds(values(page)[0]) - 2.4) < 0.1
    assert span_on_strip(page)[0] == pytest.approx(0.2, abs=0.01)
    assert login_next(page)["start"] == [values(page)[0]]

    # Phone width, with a strip of 10 frames like the demo videos': the strip and the panel fit,
    # the strip is tall enough for a finger target (48 px) and shows as many frames as fit at
    # that height, each keeping its 16:9 shape; nothing scrolls sideways.
    box = page.locator(".timeline__strip").bounding_box()
    assert box["width"] <= 390
    assert box["height"] >= 44
    frames = page.locator(".timeline__frame")
    assert 1 <= frames.count() < 10  # fewer than on a desktop: they keep their shape
    frame = frames.first.bounding_box()
    assert frame["width"] / frame["height"] == pytest.approx(160 / 90, rel=0.15)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_journalist_ticks_shots_1_and_3_and_receives_exactly_those_shots(
    twelve_seconds, live_server, open_page, run_worker, assert_accessible, language
):
    from tests.e2e.conftest import PageWatch
    from tests.media_library.videos import ffprobe_streams

    user, video = twelve_seconds
    words = {**WORDS[language], **PICKER_WORDS[language]}
    asset = add_shots(make_asset(video, language, words["title"]), SHOTS, words["title"])
    page = open_page(locale="en-GB" if language == "en" else "fr-FR")
    watch = PageWatch(page)
    page.goto(f"{live_server.url}/{language}/videos/{asset.video_id}/")
    log_in_from_the_page(page, user, words["login"], words["log_in"])
    page.wait_for_url(f"**/{language}/videos/{asset.video_id}/**")

    ticks = page.locator(".shot-tick")
    ticks.nth(0).check()
    ticks.nth(2).check()
    # Before asking: the clip will last shot 1 (3.5 s) and shot 3 (4.7 s), not 12 s.
    assert page.locator("#clip-length").inner_text() == words["shots_1_3"]
    assert_accessible(page)

    page.locator("#clip-preset").select_option("original")
    page.get_by_label(words["terms"]).check()
    page.get_by_role("button", name=words["prepare"], exact=True).click()
    page.locator("#render-progress").wait_for(state="visible")
    with page.expect_download(timeout=60_000) as download_info:
        run_worker("media")
    download = download_info.value
    assert download.suggested_filename == words["shots_file"]  # the file says which shots
    assert page.locator("#render-label").inner_text() == words["ready_shots"]
    streams = ffprobe_streams(download.path())["streams"]
    picture = next(s for s in streams if s["codec_type"] == "video")
    assert float(picture["duration"]) == pytest.approx(8.2, abs=0.001)  # 205 frames
    assert any(s["codec_type"] == "audio" for s in streams)
    watch.assert_clean()
