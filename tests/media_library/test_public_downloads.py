"""Public library: who sees what, range validation, coalescing, signed links and Range serving."""

import json
import subprocess
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from media_library.downloads import rules as downloads
from media_library.models import (
    DownloadPreset,
    DownloadRecord,
    ProcessingStatus,
    TermsAcceptance,
    VideoRendition,
)

from .topic_links import file_under

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def presets(db):
    """The seeded presets (a transactional test's flush removes what migrations made)."""
    import importlib

    from django.apps import apps

    importlib.import_module("media_library.migrations.0002_default_presets").create_presets(
        apps, None
    )
    importlib.import_module(
        "media_library.migrations.0007_player_role_and_terms_date"
    ).give_player_roles(apps, None)


def verified_user(email):
    """An account whose e-mail address is confirmed: it may download."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(email=email, password="a long enough password")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def journalist(db):
    return verified_user("reporter@example.org")


@pytest.fixture
def logged_in(client, journalist):
    client.force_login(journalist)
    return client


@pytest.fixture
def asset(make_asset, small_video, media_root):
    return make_asset(small_video, title="Flood relief convoy", locale="en")


def url(name, *args, language="en"):
    with override(language):
        return reverse(f"media_library_public:{name}", args=args)


def ask(client, asset, language="en", **data):
    fields = {"preset": "mp4-720p", "start": "00:00.500", "end": "00:02", "accept_terms": "1"}
    fields.update(data)
    return client.post(url("request", asset.video_id, language=language), fields, **JSON)


# --- who sees what ---------------------------------------------------------------------------


def test_index_lists_published_videos_of_the_language_only(client, asset, make_asset, small_video):
    make_asset(small_video, title="Draft interview", locale="en", live=False)
    make_asset(small_video, title="Reportage en français", locale="fr")
    page = client.get(url("index")).content.decode()
    assert "Flood relief convoy" in page
    assert "Draft interview" not in page
    assert "Reportage en français" not in page


def test_index_search_finds_by_title(client, asset, make_asset, small_video):
    make_asset(small_video, title="Harbour opening", locale="en")
    page = client.get(url("index"), {"q": "convoy"}).content.decode()
    assert "Flood relief convoy" in page
    assert "Harbour opening" not in page


def hide(asset, state):
    """Make a published video a draft again, embargo it or let it expire."""
    if state == "draft":
        asset.live = False
    elif state == "embargoed":
        asset.go_live_at = timezone.now() + timedelta(days=1)
    else:
        asset.expire_at = timezone.now() - timedelta(minutes=1)
    asset.save()


@pytest.mark.parametrize("state", ["draft", "embargoed", "expired"])
def test_hidden_videos_are_404_even_with_a_guessed_url(logged_in, asset, state):
    hide(asset, state)
    assert logged_in.get(url("detail", asset.video_id)).status_code == 404
    assert ask(logged_in, asset).status_code == 404
    assert asset.title not in logged_in.get(url("index")).content.decode()


def test_anonymous_visitors_watch_and_are_offered_a_login_back_to_the_page(client, asset):
    response = client.get(url("detail", asset.video_id), {"start": "00:01", "end": "00:02"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Log in to download" in page
    assert "next=%2Fen%2Fvideos%2F" in page and "start%3D00%253A01" in page
    answer = ask(client, asset)
    assert answer.status_code == 401
    assert VideoRendition.objects.count() == 0


def test_an_unverified_account_cannot_download(client, asset, django_user_model):
    user = django_user_model.objects.create_user(email="new@example.org", password="x" * 14)
    client.force_login(user)
    answer = ask(client, asset)
    assert answer.status_code == 403
    assert "Confirm your e-mail address" in answer.json()["errors"]["__all__"][0]


# --- validation ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        ("", "00:02", "start", "Enter the start of the clip"),
        ("abc", "00:02", "start", "is not a time"),
        ("-1", "00:02", "start", "is not a time"),
        ("00:01", "00:09", "end", "The video ends at 00:03:"),
        ("00:02", "00:02", "end", "must come after the start"),
        ("00:02", "00:01", "end", "must come after the start"),
        ("00:01", "00:01.500", "end", "at least one second"),
        ("00:00", "00:02.900", "end", "at most 00:02;"),
        ("1:75", "00:02", "start", "is not a time"),
    ],
)
def test_bad_ranges_get_a_clear_message_and_no_rendition(
    logged_in, asset, settings, start, end, field, message
):
    settings.MEDIA_LIBRARY_MAX_CLIP_SECONDS = 2
    answer = ask(logged_in, asset, start=start, end=end)
    assert answer.status_code == 400
    assert message in " ".join(answer.json()["errors"][field])
    assert VideoRendition.objects.count() == 0


def test_without_javascript_errors_come_back_on_the_page_with_the_selection(logged_in, asset):
    fields = {"preset": "mp4-720p", "start": "00:02", "end": "00:01", "accept_terms": "1"}
    response = logged_in.post(url("request", asset.video_id), fields, follow=True)
    page = response.content.decode()
    assert "The end must come after the start." in page
    assert 'value="00:02"' in page and 'value="00:01"' in page


def test_messages_are_translated(logged_in, asset):
    answer = ask(logged_in, asset, language="fr", start="00:02", end="00:01")
    assert "La fin doit venir après le début." in answer.json()["errors"]["end"]


def test_unknown_format_and_missing_terms_are_refused(logged_in, asset):
    assert "preset" in ask(logged_in, asset, preset="betamax").json()["errors"]
    answer = ask(logged_in, asset, accept_terms="")
    assert "accept the terms" in answer.json()["errors"]["accept_terms"][0]


def test_whole_video_is_allowed_beyond_the_maximum_clip_length(logged_in, asset, settings):
    settings.MEDIA_LIBRARY_MAX_CLIP_SECONDS = 1
    answer = ask(logged_in, asset, whole="1", start="", end="")
    assert answer.status_code == 200
    rendition = VideoRendition.objects.get()
    assert (rendition.start, rendition.end) == (0, asset.video.duration)


# --- terms, coalescing, state ------------------------------------------------------------------


def test_terms_are_accepted_once_with_their_date(logged_in, asset, journalist):
    ask(logged_in, asset)
    first = TermsAcceptance.objects.get(user=journalist).accepted_at
    ask(logged_in, asset, accept_terms="", start="00:01")
    assert TermsAcceptance.objects.get(user=journalist).accepted_at == first
    assert ask(logged_in, asset, accept_terms="", start="00:00.2").status_code == 200


def test_twenty_identical_requests_make_one_rendition_and_one_job(
    logged_in, asset, django_capture_on_commit_callbacks
):
    import django_rq

    queue = django_rq.get_queue("media")
    queue.empty()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [ask(logged_in, asset).json() for _ in range(20)]
    assert len({answer["id"] for answer in answers}) == 1
    assert VideoRendition.objects.count() == 1
    assert queue.count == 1
    queue.empty()


@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_requests_make_one_rendition(
    make_asset, small_video, media_root, presets
):
    asset = make_asset(small_video, title="Concurrent", locale="en")
    clients = [client_for(verified_user(f"r{number}@example.org")) for number in range(8)]
    barrier = threading.Barrier(len(clients))
    answers = []

    def request(client):
        from django.db import connection

        try:
            barrier.wait()
            answers.append(ask(client, asset).json())
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=request, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(answers) == len(clients)
    assert len({answer["id"] for answer in answers}) == 1
    assert VideoRendition.objects.count() == 1


def panel_state(page):
    state = page.split('id="rendition-state" type="application/json">')[1].split("</script>")[0]
    return json.loads(state)


def test_coming_back_from_another_browser_shows_the_same_rendition(logged_in, asset, journalist):
    rendition_id = ask(logged_in, asset, start="00:01.25", end="00:02.75").json()["id"]
    elsewhere = client_for(journalist)  # another device: a new session
    page = elsewhere.get(url("detail", asset.video_id)).content.decode()
    assert panel_state(page)["id"] == rendition_id
    assert 'value="00:01.25"' in page and 'value="00:02.75"' in page
    assert '<option value="mp4-720p" selected>' in page
    status = elsewhere.get(url("status", rendition_id)).json()
    assert status["status"] in {"waiting", "queued", "processing", "ready"}


def test_the_page_shows_the_users_latest_request_for_that_video(logged_in, asset, journalist):
    def shown_to(user):
        return panel_state(client_for(user).get(url("detail", asset.video_id)).content.decode())

    first = ask(logged_in, asset, start="00:01", end="00:02.5").json()["id"]
    second = ask(logged_in, asset, start="00:00.5", end="00:02").json()["id"]
    assert shown_to(journalist)["id"] == second
    ask(logged_in, asset, start="00:01", end="00:02.5")  # asked again: the latest once more
    assert shown_to(journalist)["id"] == first
    assert shown_to(verified_user("other@example.org")) is None


def test_notification_is_recorded_once_in_the_users_language(logged_in, asset):
    from media_library.models import ReadyNotification

    ask(logged_in, asset, language="fr", notify="1")
    ask(logged_in, asset, language="fr", notify="1")
    assert list(ReadyNotification.objects.values_list("language", flat=True)) == ["fr"]


# --- signed links and serving ------------------------------------------------------------------


@pytest.fixture
def ready(asset):
    preset = DownloadPreset.objects.get(slug="mp4-720p")
    rendition = VideoRendition.objects.create(
        video=asset.video,
        preset=preset,
        start=Decimal("0.5"),
        end=Decimal("2"),
        status=ProcessingStatus.READY,
    )
    rendition.file.save("clip.mp4", ContentFile(bytes(range(256)) * 40), save=False)
    rendition.size = rendition.file.size
    rendition.save()
    return rendition


def link(client, rendition):
    """The download link the page gives a user who asks for this clip and accepts the terms."""
    fields = {
        "preset": rendition.preset.slug,
        "start": str(rendition.start),
        "end": str(rendition.end),
        "accept_terms": "1",
    }
    answer = client.post(url("request", rendition.video_id), fields, **JSON).json()
    assert answer["id"] == rendition.pk
    return answer["download_url"]


def test_download_is_named_and_recorded(logged_in, ready, journalist):
    response = logged_in.get(link(logged_in, ready))
    assert response.status_code == 200
    assert "flood-relief-convoy_mp4-720p_0.5-2.mp4" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == ready.file.open("rb").read()
    record = DownloadRecord.objects.get()
    assert (record.user, record.preset_slug, record.start, record.end) == (
        journalist,
        "mp4-720p",
        Decimal("0.5"),
        Decimal("2"),
    )


def test_range_requests_resume_a_download(logged_in, ready):
    address = link(logged_in, ready)
    response = logged_in.get(address, HTTP_RANGE="bytes=100-199")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 100-199/{ready.size}"
    assert b"".join(response.streaming_content) == (bytes(range(256)) * 40)[100:200]
    tail = logged_in.get(address, HTTP_RANGE="bytes=-10")
    assert b"".join(tail.streaming_content) == (bytes(range(256)) * 40)[-10:]
    beyond = logged_in.get(address, HTTP_RANGE=f"bytes={ready.size}-")
    assert beyond.status_code == 416
    assert DownloadRecord.objects.count() == 0  # resuming is not a new download


def test_an_invalid_range_is_ignored_and_the_whole_file_sent(logged_in, ready):
    """RFC 9110: a range whose end is before its start is not valid; it is ignored."""
    response = logged_in.get(link(logged_in, ready), HTTP_RANGE="bytes=100-50")
    assert response.status_code == 200
    assert "Content-Range" not in response
    assert b"".join(response.streaming_content) == bytes(range(256)) * 40


def test_production_hands_the_bytes_to_nginx(logged_in, ready, settings):
    settings.MEDIA_LIBRARY_SERVE_METHOD = "x-accel"
    response = logged_in.get(link(logged_in, ready))
    assert response["X-Accel-Redirect"] == "/protected-media/" + ready.file.name
    assert response.content == b""


def test_expired_and_foreign_links_do_not_serve(logged_in, ready, client, settings):
    address = link(logged_in, ready)
    settings.MEDIA_LIBRARY_LINK_MAX_AGE = -1
    expired = logged_in.get(address)
    assert expired.status_code == 410
    back = f"/en/videos/{ready.video_id}/?start=00%3A00.5&amp;end=00%3A02&amp;preset=mp4-720p"
    assert f'href="{back}#download"' in expired.content.decode()
    page = logged_in.get(back.replace("&amp;", "&")).content.decode()
    assert 'value="00:00.5"' in page and 'value="00:02"' in page
    settings.MEDIA_LIBRARY_LINK_MAX_AGE = 3600
    assert logged_in.get(address[:-3] + "abc/").status_code == 404
    anonymous = Client()
    assert anonymous.get(address).status_code == 302
    from django.contrib.auth import get_user_model

    other = get_user_model().objects.create_user(email="other@example.org", password="p" * 14)
    client.force_login(other)
    assert client.get(address).status_code == 404


def test_a_link_stops_working_when_the_video_is_unpublished(logged_in, ready, asset):
    address = link(logged_in, ready)
    asset.live = False
    asset.save()
    assert logged_in.get(address).status_code == 404


def test_file_name_follows_slug_preset_and_range(asset, ready):
    assert downloads.download_filename(asset, ready) == "flood-relief-convoy_mp4-720p_0.5-2.mp4"


# --- a real worker renders a frame-accurate original-quality clip --------------------------------


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_worker_renders_a_frame_accurate_original_quality_clip(
    make_asset, small_video, media_root, run_worker, django_user_model, presets
):
    asset = make_asset(small_video, title="Worker", locale="en")
    client = client_for(verified_user("w@example.org"))
    answer = ask(client, asset, preset="original", start="00:00.520", end="00:02.360").json()
    assert "id" in answer, answer
    run_worker("media")
    rendition = VideoRendition.objects.get(pk=answer["id"])
    assert rendition.status == ProcessingStatus.READY, rendition.error
    frames = subprocess.run(
        ["ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0"]
        + ["-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", rendition.file.path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert int(frames) == round(2.36 * 25) - round(0.52 * 25)


# --- periodic jobs -------------------------------------------------------------------------------


def test_ready_notification_is_mailed_once_in_the_users_language(
    logged_in, asset, ready, mailoutbox
):
    from media_library.downloads.notifications import send_ready_notifications
    from media_library.models import ReadyNotification

    ReadyNotification.objects.create(
        rendition=ready, asset=asset, user=ready_user(logged_in), language="fr"
    )
    assert send_ready_notifications() == 1
    assert send_ready_notifications() == 0
    (mail,) = mailoutbox
    assert mail.subject == "Votre vidéo est prête : Flood relief convoy"
    assert "/fr/videos/download/" in mail.body
    assert mail.alternatives[0][1] == "text/html"


def ready_user(client):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=client.session["_auth_user_id"])


def test_housekeeping_deletes_old_partial_renditions_only(asset, ready, settings):
    from media_library.jobs import delete_unused_partial_renditions

    preset = DownloadPreset.objects.get(slug="mp3")
    full = VideoRendition.objects.create(
        video=asset.video, preset=preset, start=0, end=asset.video.duration, status="ready"
    )
    long_ago = timezone.now() - timedelta(days=31)
    VideoRendition.objects.update(last_requested_at=long_ago)
    recent = VideoRendition.objects.create(
        video=asset.video, preset=preset, start=1, end=2, status="ready",
        last_requested_at=timezone.now(),
    )  # fmt: skip
    path = ready.file.path
    downloads.record_request(verified_user("asker@example.org"), ready)
    assert delete_unused_partial_renditions() == 1
    assert set(VideoRendition.objects.values_list("pk", flat=True)) == {full.pk, recent.pk}
    import os

    assert not os.path.exists(path)


# --- index filters, full versions, object storage -----------------------------------------------


def test_index_filters_by_topic_and_date_and_paginates(
    client, make_asset, make_topic, roots, small_video, media_root
):
    climate = make_topic(("Climat", "climat"), ("Climate", "climate"))
    first = make_asset(small_video, title="Glacier survey", locale="en")
    file_under(first, climate.get_translation(roots["en"]))
    first.first_published_at = timezone.now() - timedelta(days=40)
    first.save()
    for number in range(13):
        make_asset(small_video, title=f"Briefing {number}", locale="en")
    by_topic = client.get(url("index"), {"topic": "climate"}).content.decode()
    assert "Glacier survey" in by_topic and "Briefing" not in by_topic
    recent = (timezone.now() - timedelta(days=7)).date().isoformat()
    by_date = client.get(url("index"), {"after": recent}).content.decode()
    assert "Glacier survey" not in by_date and "Briefing 3" in by_date
    first_page = client.get(url("index")).content.decode()
    assert first_page.count('class="library-card"') == 12
    assert "Page 1 of 2" in first_page
    second_page = client.get(url("index"), {"page": 2}).content.decode()
    assert "Glacier survey" in second_page  # the oldest comes last


def test_full_versions_show_their_size_once_known(logged_in, asset):
    preset = DownloadPreset.objects.get(slug="mp3")
    VideoRendition.objects.create(
        video=asset.video, preset=preset, start=0, end=asset.video.duration, status="ready",
        size=5_400_000,
    )  # fmt: skip
    page = logged_in.get(url("detail", asset.video_id)).content.decode()
    mp3_row = page.split("Audio only (MP3)")[1].split("</li>")[0]
    assert "5.1\xa0MB" in mp3_row


def test_object_storage_downloads_redirect_to_a_signed_url(logged_in, ready, monkeypatch):
    storage = ready.file.storage
    seen = {}

    def no_path(name):
        raise NotImplementedError

    def signed_url(name, parameters=None):
        seen.update(parameters or {})
        return f"https://bucket.example.org/{name}?X-Amz-Signature=abc"

    monkeypatch.setattr(storage, "path", no_path)
    monkeypatch.setattr(storage, "url", signed_url)
    response = logged_in.get(link(logged_in, ready))
    assert response.status_code == 302
    assert response["Location"].startswith("https://bucket.example.org/")
    assert "flood-relief-convoy_mp4-720p_0.5-2.mp4" in seen["ResponseContentDisposition"]


def test_new_clips_are_rate_limited_but_existing_ones_stay_free(logged_in, asset, settings):
    from django.core.cache import cache

    cache.clear()
    settings.MEDIA_LIBRARY_NEW_RENDITIONS_PER_HOUR = 2
    assert ask(logged_in, asset, start="00:00.1").status_code == 200
    assert ask(logged_in, asset, start="00:00.2").status_code == 200
    refused = ask(logged_in, asset, start="00:00.3")
    assert refused.status_code == 429
    assert "many new clips" in refused.json()["errors"]["__all__"][0]
    assert ask(logged_in, asset, start="00:00.1").status_code == 200
    assert VideoRendition.objects.count() == 2
