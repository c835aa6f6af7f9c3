"""A journalist, in each language: opens a video page, picks a range with the keyboard, logs in
from the page and comes back to the same selection, accepts the terms, watches the progress bar
while a real worker renders the clip, and receives the file. axe checks the pages."""

import importlib

import pytest

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
    },
    "fr": {
        "title": "Convoi d'aide humanitaire",
        "login": "Se connecter pour télécharger",
        "log_in": "Se connecter",
        "terms": "J'accepte les conditions d'utilisation",
        "prepare": "Préparer l'extrait",
        "file": "convoi-daide-humanitaire_original_1-2.mp4",
    },
}


@pytest.fixture
def library(transactional_db, django_user_model, tmp_path, settings):
    from allauth.account.models import EmailAddress
    from django.apps import apps
    from django.core.cache import cache
    from django.core.files import File

    from media_library import ffmpeg
    from media_library.models import VideoFile
    from portal.demo.home import ensure_home_pages

    cache.clear()
    ensure_home_pages()
    importlib.import_module("media_library.migrations.0002_default_presets").create_presets(
        apps, None
    )
    user = django_user_model.objects.create_user(email="desk@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    source = make_video(tmp_path / "convoy.mp4", seconds=3, size="320x180")
    video = VideoFile(original_filename=source.name, **ffmpeg.probe(source).as_fields())
    with open(source, "rb") as handle:
        video.file.save(source.name, File(handle), save=False)
    video.save()
    return user, video


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
    assert page.locator("#clip-start").input_value() == "00:01.000"
    assert page.locator("#clip-end").input_value() == "00:02.000"

    page.get_by_role("link", name=words["login"]).click()
    page.wait_for_url("**/accounts/login/**")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form").get_by_role("button", name=words["log_in"]).click()
    page.wait_for_url(f"**/{language}/videos/{asset.video_id}/?**")
    assert page.locator("#clip-start").input_value() == "00:01.000"
    assert page.locator("#clip-end").input_value() == "00:02.000"
    assert "Press office / Field team" in page.locator("#download").inner_text()
    assert_accessible(page)

    page.locator("#clip-preset").select_option("original")
    page.get_by_label(words["terms"]).check()
    page.get_by_role("button", name=words["prepare"]).click()
    progress = page.locator("#render-progress")
    progress.wait_for(state="visible")
    with page.expect_download(timeout=60_000) as download_info:
        run_worker("media")
    download = download_info.value
    assert download.suggested_filename == words["file"]
    saved = download.path()
    assert saved.stat().st_size > 1000
    assert progress.get_attribute("value") == "100"
