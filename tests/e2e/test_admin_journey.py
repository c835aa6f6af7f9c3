"""The press office's admin in a browser: no request leaves the portal, nothing fails in the
console, and the video list follows processing live (status, then the poster)."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.media_library.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Une-phrase-de-passe-1"


@pytest.fixture
def french_staff(transactional_db, django_user_model, home_pages):
    from wagtail.users.models import UserProfile

    user = django_user_model.objects.create_superuser(
        email="attachee@example.org", password=PASSWORD, first_name="Inès", last_name="Moreau"
    )
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "fr"
    profile.save()
    return user


@pytest.fixture
def processing_video(french_staff, tmp_path, settings):
    from django.core.files import File

    from media_library.encoding import probe
    from media_library.models import ProcessingStatus, VideoAsset, VideoFile
    from portal.demo.home import ensure_locales

    path = make_video(tmp_path / "arrivee.mp4", seconds=1)
    video = VideoFile(
        original_filename=path.name,
        status=ProcessingStatus.PROCESSING,
        progress=40,
        **probe.probe(path).as_fields(),
    )
    with open(path, "rb") as handle:
        video.file.save(path.name, File(handle), save=False)
    video.save()
    VideoAsset.objects.create(
        title="Arrivée des délégations", video=video, locale=ensure_locales()["fr"]
    )
    return video


def test_admin_screens_request_nothing_outside_the_portal(
    french_staff, staff_tab, live_server, home_pages
):
    page, watch = staff_tab(french_staff, PASSWORD)
    # The staff member's picture is the portal's own default, not a Gravatar.
    avatar = page.locator(".avatar img").first
    assert avatar.get_attribute("src").startswith("/static/")
    for path in [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{home_pages['fr'].pk}/",
        "/admin/videos/",
        "/admin/snippets/",
        "/admin/users/",
        "/admin/groups/",
        "/admin/collections/",
        "/admin/account/",
        "/admin/reports/site-history/",
        "/admin/localize/reports/translations/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    watch.assert_clean()


def test_video_list_shows_processing_then_poster_without_reload(
    french_staff, staff_tab, live_server, processing_video, tmp_path
):
    from django.core.files import File
    from wagtail.images import get_image_model

    from media_library.models import ProcessingStatus

    page, watch = staff_tab(french_staff, PASSWORD)
    page.goto(f"{live_server.url}/admin/videos/")
    status = page.locator(f'[data-media-status="video"][data-pk="{processing_video.pk}"]')
    expect(status).to_have_text("Traitement 40 %")
    poster_cell = page.locator(f'[data-media-poster="{processing_video.pk}"]')
    expect(poster_cell.locator("img")).to_have_count(0)

    # The worker finishes: the frame it took becomes the poster.
    frame = tmp_path / "frame.png"
    subprocess.run(
        [
            "ffmpeg",
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            "color=red:s=160x90",
            "-frames:v",
            "1",
            str(frame),
        ],
        check=True,
    )
    with open(frame, "rb") as handle:
        poster = get_image_model()(title="Arrivée", file=File(handle, name="frame.png"))
        poster.save()
    processing_video.poster = poster
    processing_video.status = ProcessingStatus.READY
    processing_video.progress = 100
    processing_video.save()

    expect(status).to_have_text("Prête", timeout=10_000)
    expect(poster_cell.locator("img")).to_have_attribute("src", re.compile(r"fill-96x54"))
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # no reload
    # The poster's file is not served by the test server (no media URL outside DEBUG): only
    # script errors count here.
    assert not [error for error in watch.errors if "Failed to load resource" not in error]
    assert not watch.outside
