"""Uploading in the admin: a good file becomes a video; a bad one is a form error, nothing kept."""

import django_rq
import pytest
from django.urls import reverse

from media_library.models import ProcessingStatus, VideoAsset, VideoFile

from .videos import make_bad_files


def stored_files(root):
    return sorted(path for path in root.rglob("*") if path.is_file())


@pytest.fixture
def empty_media_queue():
    queue = django_rq.get_queue("media")
    queue.empty()
    return queue


@pytest.mark.django_db
def test_an_uploaded_video_is_probed_stored_and_queued(
    upload, small_video, media_root, empty_media_queue
):
    response = upload(small_video, title="Signing ceremony")

    if response.status_code != 302:
        open("/tmp/ml_fail.html", "w").write(response.content.decode())
    assert response.status_code == 302
    asset = VideoAsset.objects.get()
    assert asset.title == "Signing ceremony" and not asset.live
    video = asset.video
    assert video.original_filename == "small clip.mp4"
    assert (video.width, video.height, video.video_codec) == (320, 180, "h264")
    assert float(video.duration) == pytest.approx(3, abs=0.1)
    assert video.file.size == small_video.stat().st_size
    assert video.status == ProcessingStatus.QUEUED
    assert empty_media_queue.job_ids == [video.job_id]


@pytest.mark.django_db
def test_the_edit_view_shows_the_metadata_and_processing_state(upload, small_video, admin_client):
    upload(small_video)
    asset = VideoAsset.objects.get()
    page = admin_client.get(
        reverse("wagtailsnippets_media_library_videoasset:edit", args=[asset.pk])
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "320 × 180" in text and "00:03.000" in text and "aac" in text
    assert "En file d’attente" in text or "Queued" in text


MESSAGES = {
    "empty": "Le fichier soumis est vide.",
    "not_video": "Ce fichier n’est pas une vidéo lisible.",
    "truncated": "La vidéo est incomplète",
    "no_video_stream": "ne contient aucune image",
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", ["empty", "not_video", "truncated", "no_video_stream"])
def test_a_bad_upload_is_a_translated_form_error_and_nothing_is_stored(
    upload, small_video, media_root, tmp_path, case, empty_media_queue
):
    path, message = make_bad_files(tmp_path, small_video)[case], MESSAGES[case]

    response = upload(path, HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not VideoAsset.objects.exists() and not VideoFile.objects.exists()
    assert stored_files(media_root) == []
    assert empty_media_queue.count == 0


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused(upload, small_video, media_root, settings):
    settings.MEDIA_LIBRARY_MAX_UPLOAD_SIZE = 1000

    response = upload(small_video)

    assert response.status_code == 200
    assert "1000" in response.content.decode() or "Ko" in response.content.decode()
    assert not VideoFile.objects.exists() and stored_files(media_root) == []


@pytest.mark.django_db
def test_the_listing_shows_poster_duration_status_and_searches(upload, small_video, admin_client):
    upload(small_video, title="Harbour at dawn")
    upload(small_video, title="Council meeting")
    listing = reverse("wagtailsnippets_media_library_videoasset:list")

    page = admin_client.get(listing).content.decode()
    assert "Harbour at dawn" in page and "00:03.000" in page
    assert "En file d’attente" in page or "Queued" in page

    found = admin_client.get(listing, {"q": "harbour"}).content.decode()
    assert "Harbour at dawn" in found and "Council meeting" not in found

    VideoFile.objects.filter(assets__title="Council meeting").update(status="failed")
    failed = admin_client.get(listing, {"processing": "failed"}).content.decode()
    assert "Council meeting" in failed and "Harbour at dawn" not in failed
