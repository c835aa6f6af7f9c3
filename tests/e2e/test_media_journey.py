"""Editors upload videos, watch them processed by a real worker, write shot lists in timecodes;
translators translate them in wagtail-localize's editor (the translation keeps the video's topics,
by which the public index filters): in both admin languages."""

import importlib
import re

import pytest
from playwright.sync_api import expect

from tests.media_library.topic_links import file_under, translated_topic
from tests.media_library.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor(transactional_db, django_user_model):
    from django.apps import apps

    from portal.demo.home import ensure_locales, ensure_roots

    ensure_roots()
    ensure_locales()
    importlib.import_module("media_library.migrations.0002_default_presets").create_presets(
        apps, None
    )
    importlib.import_module(
        "media_library.migrations.0007_player_role_and_terms_date"
    ).give_player_roles(apps, None)
    return django_user_model.objects.create_superuser(
        email="video-editor@example.org", password="Une-phrase-de-passe-1"
    )


@pytest.fixture
def log_in(editor, live_server, open_page):
    """A browser tab logged in to the admin as the editor, in the given admin language."""
    from wagtail.users.models import UserProfile

    def log_in_as_editor(language):
        profile = UserProfile.get_for_user(editor)
        profile.preferred_language = language
        profile.save()
        page = open_page(locale="en-GB" if language == "en" else "fr-FR")
        page.goto(f"{live_server.url}/admin/login/")
        page.locator("input[name=username]").fill(editor.email)
        page.locator("input[name=password]").fill("Une-phrase-de-passe-1")
        page.locator("form button[type=submit]").click()
        page.wait_for_url(f"{live_server.url}/admin/")
        return page

    return log_in_as_editor


@pytest.mark.parametrize(
    ("language", "save", "queued", "ready", "videos", "details_tab"),
    [
        ("en", "Save draft", "Queued", "Ready", "Videos", "File and renditions"),
        (
            "fr",
            "Enregistrer le brouillon",
            "En file d’attente",
            "Prête",
            "Vidéos",
            "Fichier et versions",
        ),
    ],
)
def test_editor_uploads_a_video_and_sees_it_processed(
    log_in,
    live_server,
    run_worker,
    tmp_path,
    assert_accessible,
    language,
    save,
    queued,
    ready,
    videos,
    details_tab,
):
    source = make_video(tmp_path / "ceremony.mp4", seconds=3, size="320x180")

    page = log_in(language)

    page.get_by_role("link", name=videos, exact=True).first.click()
    page.wait_for_url("**/admin/videos/**")
    page.goto(f"{live_server.url}/admin/videos/add/?locale=fr")
    page.locator("input[name=upload]").set_input_files(str(source))
    assert page.locator("input[name=title]").input_value() == "ceremony"
    page.locator("input[name=title]").fill("Signing ceremony")
    page.get_by_role("button", name=save, exact=True).click()
    page.wait_for_url("**/admin/videos/edit/**")
    page.get_by_role("tab", name=details_tab).click()

    details = page.locator(".media-details")
    assert "320 × 180" in details.inner_text() and "00:03.000" in details.inner_text()
    assert queued in details.inner_text()

    run_worker("media")

    page.reload()
    page.get_by_role("tab", name=details_tab).click()
    status = page.locator('.media-details [data-media-status="video"]')
    assert status.inner_text() == ready
    expect(page.locator(".media-details__poster img")).to_be_visible()
    expect(page.locator(".media-details__strip img")).to_be_visible()

    page.goto(f"{live_server.url}/admin/videos/")
    row = page.locator("tr", has=page.get_by_text("Signing ceremony"))
    assert "00:03.000" in row.inner_text() and ready in row.inner_text()
    expect(row.locator("img")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def uploaded_video(editor, tmp_path):
    """A three-second video already in the library (draft)."""
    from django.core.files import File
    from wagtail.models import Locale

    from media_library.encoding import probe
    from media_library.models import VideoAsset, VideoFile

    path = make_video(tmp_path / "harbour.mp4", seconds=3, size="320x180")
    video = VideoFile(original_filename=path.name, **probe.probe(path).as_fields())
    with open(path, "rb") as handle:
        video.file.save(path.name, File(handle), save=False)
    video.save()
    return VideoAsset.objects.create(
        title="Harbour", video=video, locale=Locale.objects.get(language_code="fr")
    )


@pytest.mark.parametrize(
    ("language", "save", "too_late"),
    [
        ("en", "Save draft", "The out time is after the end of the video (00:03.000)."),
        ("fr", "Enregistrer le brouillon", "Le point de sortie est après la fin de la vidéo"),
    ],
)
def test_editor_writes_a_shot_list_in_timecodes(
    log_in, uploaded_video, live_server, language, save, too_late
):
    page = log_in(language)
    edit = f"{live_server.url}/admin/videos/edit/{uploaded_video.pk}/"

    page.goto(edit)
    page.locator("#id_shots-ADD").click()
    page.locator('input[name="shots-0-start"]').fill("00:00.500")
    page.locator('input[name="shots-0-end"]').fill("00:05.000")
    page.locator('input[name="shots-0-description"]').fill("Wide shot of the harbour")
    page.get_by_role("button", name=save, exact=True).click()
    expect(page.get_by_text(too_late)).to_be_visible()

    page.locator('input[name="shots-0-end"]').fill("02.25")
    page.get_by_role("button", name=save, exact=True).click()
    page.wait_for_url(edit)
    page.goto(edit)
    expect(page.locator('input[name="shots-0-start"]')).to_have_value("00:00.500")
    expect(page.locator('input[name="shots-0-end"]')).to_have_value("00:02.250")


@pytest.mark.parametrize(
    ("language", "translate", "save", "publish"),
    [
        ("en", "Translate", "Save", "Publish in English"),
        ("fr", "Traduire", "Enregistrer", "Publier en anglais"),
    ],
)
def test_translator_translates_a_video_without_a_new_file(
    log_in, uploaded_video, live_server, language, translate, save, publish
):
    from wagtail.models import Locale

    from media_library.models import VideoAsset, VideoFile

    uploaded_video.description = "Le port au lever du jour."
    file_under(uploaded_video, translated_topic(("Climat", "climat"), ("Climate", "climate")))
    uploaded_video.shots.create(start=0, end=1, description="Plan large")
    uploaded_video.save()
    page = log_in(language)

    page.goto(
        f"{live_server.url}/admin/localize/submit/snippet/media_library/videoasset/"
        f"{uploaded_video.pk}/"
    )
    page.get_by_label("English" if language == "en" else "anglais").check()
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/videos/edit/\d+/"))
    english = {
        "Harbour": "The harbour",
        "Le port au lever du jour.": "The harbour at sunrise.",
        "Plan large": "Wide shot",
    }
    for source, target in english.items():
        segment = page.locator("li", has=page.get_by_text(source, exact=True)).last
        segment.get_by_role("button", name=translate).click()
        segment.locator("textarea").fill(target)
        segment.get_by_role("button", name=save, exact=True).click()
        segment.get_by_text(target, exact=True).wait_for()
    page.get_by_role("button", name=publish).click()
    page.wait_for_load_state()

    translated = VideoAsset.objects.get(locale=Locale.objects.get(language_code="en"))
    assert translated.title == "The harbour" and translated.live
    assert [shot.description for shot in translated.shots.all()] == ["Wide shot"]
    assert translated.video_id == uploaded_video.video_id and VideoFile.objects.count() == 1

    # The English version is filed under the same topic: the public index finds it by the topic's
    # English name.
    page.goto(f"{live_server.url}/en/videos/")
    page.get_by_label("Topic").select_option(label="Climate")
    page.get_by_role("button", name="Show videos").click()
    page.wait_for_url("**topic=climate**")
    expect(page.get_by_role("link", name="The harbour")).to_be_visible()
