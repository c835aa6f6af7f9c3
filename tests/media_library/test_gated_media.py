"""Watching is open to all, but the files are not: the player streams through a gated URL that
answers only for public videos, renditions and originals are never served from MEDIA_URL, a
user only follows (and downloads) the clips they asked for once they accepted the terms, HEAD
answers the headers without counting a download, and a video missing in a language sends the
reader to the language that has it."""

import html
import re
import shutil

import pytest
from django.core.files import File
from django.http import Http404
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.translation import override

from media_library import jobs
from media_library.downloads import rules as downloads
from media_library.models import DownloadPreset, DownloadRecord, ProcessingStatus, VideoRendition
from portal.views import media_file

from .test_public_downloads import JSON, hide, verified_user

pytestmark = pytest.mark.django_db


def url(name, *args, language="en"):
    with override(language):
        return reverse(f"media_library_public:{name}", args=args)


def body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def asset(make_asset, small_video, media_root, presets):
    return make_asset(small_video, title="Flood relief convoy", locale="en")


@pytest.fixture
def playable(asset, small_video):
    """The full-length 360p web rendition of the video, ready (a real MP4 made by ffmpeg)."""
    rendition = VideoRendition.objects.create(
        video=asset.video,
        preset=DownloadPreset.objects.get(slug="mp4-360p-web"),
        start=0,
        end=asset.video.duration,
        status=ProcessingStatus.READY,
    )
    with open(small_video, "rb") as handle:
        rendition.file.save("flood-360p.mp4", File(handle), save=False)
    rendition.size = rendition.file.size
    rendition.save()
    return rendition


@pytest.fixture
def clip(asset):
    return make_clip(asset)


def make_clip(asset):
    """A partial rendition some journalist asked for, ready to download."""
    rendition = VideoRendition.objects.create(
        video=asset.video,
        preset=DownloadPreset.objects.get(slug="mp4-720p"),
        start=1,
        end=2,
        status=ProcessingStatus.READY,
    )
    rendition.file.save("clip.mp4", File(open(asset.video.file.path, "rb")), save=False)  # noqa: SIM115
    rendition.size = rendition.file.size
    rendition.save()
    return rendition


def player_sources(page):
    return re.findall(r'<source src="([^"]+)" type="video/mp4">', page)


# --- the player ---------------------------------------------------------------------------------


def test_anonymous_visitor_plays_a_public_video_through_the_gated_url_with_ranges(
    client, asset, playable
):
    page = client.get(url("detail", asset.video_id)).content.decode()
    (source,) = player_sources(page)
    assert source == f"/en/videos/{asset.video_id}/watch/light/"
    assert 'controlsList="nodownload"' in page
    assert "/media/videos/" not in page

    data = playable.file.open("rb").read()
    whole = client.get(source)
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes"
    assert whole["Content-Disposition"].startswith("inline")
    assert body(whole) == data
    part = client.get(source, HTTP_RANGE="bytes=1000-1999")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 1000-1999/{len(data)}"
    assert body(part) == data[1000:2000]
    assert DownloadRecord.objects.count() == 0  # watching is not downloading


@pytest.mark.parametrize("state", ["draft", "embargoed", "expired"])
def test_the_gated_url_gives_404_once_the_video_is_no_longer_public(client, asset, playable, state):
    source = url("watch", asset.video_id, "light")
    assert client.get(source).status_code == 200
    hide(asset, state)
    assert client.get(source).status_code == 404
    assert client.get(source, HTTP_RANGE="bytes=0-99").status_code == 404


def test_the_gated_url_serves_only_the_players_full_length_versions(client, asset, playable, clip):
    assert client.get(url("watch", asset.video_id, "main")).status_code == 404  # only a clip
    assert client.get(url("watch", asset.video_id, "original")).status_code == 404  # no role
    assert client.get(url("watch", asset.video_id, "mp4-360p-web")).status_code == 404  # a slug


def test_the_player_finds_its_versions_by_role_whatever_the_presets_are_called(
    client, asset, playable
):
    """Editors may rename a preset or give its role to another: the player follows the role."""
    preset = playable.preset
    preset.slug, preset.name_en = "web-small", "Small web version"
    preset.save()
    page = client.get(url("detail", asset.video_id)).content.decode()
    assert player_sources(page) == [f"/en/videos/{asset.video_id}/watch/light/"]
    assert client.get(url("watch", asset.video_id, "light")).status_code == 200

    preset.player_role = ""
    preset.save()
    page = client.get(url("detail", asset.video_id)).content.decode()
    assert player_sources(page) == []
    assert client.get(url("watch", asset.video_id, "light")).status_code == 404


def test_a_stale_player_version_keeps_playing_and_the_scheduler_makes_it_again(
    client, asset, playable, settings
):
    """A preset's recipe changes: its renditions are out of date. The player keeps its source
    (the old file) and the scheduler's job queues the new rendering at once, without anybody
    asking for the video again."""
    preset = playable.preset
    preset.crf = (preset.crf or 23) + 1
    preset.save()
    playable.refresh_from_db()
    assert playable.status == ProcessingStatus.STALE
    source = f"/en/videos/{asset.video_id}/watch/light/"
    assert player_sources(client.get(url("detail", asset.video_id)).content.decode()) == [source]

    assert jobs.rerender_stale_renditions() == 1
    playable.refresh_from_db()
    assert playable.status in {ProcessingStatus.WAITING, ProcessingStatus.QUEUED}
    assert player_sources(client.get(url("detail", asset.video_id)).content.decode()) == [source]
    whole = client.get(source)
    assert whole.status_code == 200 and body(whole) == playable.file.open("rb").read()
    assert jobs.rerender_stale_renditions() == 0  # queued once


def test_production_hands_the_player_bytes_to_nginx_inline(client, asset, playable, settings):
    settings.MEDIA_LIBRARY_SERVE_METHOD = "x-accel"
    response = client.get(url("watch", asset.video_id, "light"))
    assert response["X-Accel-Redirect"] == "/protected-media/" + playable.file.name
    assert response["Content-Disposition"].startswith("inline")
    assert response.content == b""


def test_development_media_view_refuses_renditions_and_originals(asset, playable, settings):
    factory = RequestFactory()
    for name in (playable.file.name, asset.video.file.name):
        assert name.startswith(("videos/renditions/", "videos/originals/"))
        with pytest.raises(Http404):
            media_file(factory.get(f"/media/{name}"), name)
        sneaky = "videos/strips/../" + name.removeprefix("videos/")
        with pytest.raises(Http404):
            media_file(factory.get(f"/media/{sneaky}"), sneaky)
    poster = settings.MEDIA_ROOT / "images" / "poster.jpg"
    poster.parent.mkdir(parents=True)
    shutil.copy(asset.video.file.path, poster)
    assert (
        media_file(factory.get("/media/images/poster.jpg"), "images/poster.jpg").status_code == 200
    )


# --- following and downloading clips -------------------------------------------------------------


def test_a_user_cannot_follow_someone_elses_clip(client, asset, clip):
    owner, stranger = verified_user("owner@example.org"), verified_user("nosy@example.org")
    downloads.accept_terms(stranger)
    client.force_login(owner)
    answer = client.post(
        url("request", asset.video_id),
        {"preset": "mp4-720p", "start": "00:01", "end": "00:02", "accept_terms": "1"},
        **JSON,
    ).json()
    assert answer["id"] == clip.pk and answer["download_url"]
    assert client.get(url("status", clip.pk)).status_code == 200

    client.force_login(stranger)
    assert client.get(url("status", clip.pk)).status_code == 404


def test_no_download_link_before_the_terms_are_accepted(client, asset, clip):
    user = verified_user("new@example.org")
    client.force_login(user)
    downloads.record_request(user, clip)
    state = client.get(url("status", clip.pk)).json()
    assert state["ready"] and "download_url" not in state
    downloads.accept_terms(user)
    assert client.get(url("status", clip.pk)).json()["download_url"]


def test_the_download_view_sends_back_to_the_terms_when_they_were_not_accepted(
    client, make_asset, small_video, media_root, presets
):
    asset = make_asset(small_video, title="Convoi humanitaire", locale="fr")
    clip = make_clip(asset)
    user = verified_user("new@example.org")
    client.force_login(user)
    address = url("download", downloads.download_token(clip, user), language="fr")
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/fr/videos/{asset.video_id}/?")
    assert response["Location"].endswith("#download")
    page = html.unescape(client.get(response["Location"]).content.decode())
    assert "Acceptez les conditions d'utilisation avant de télécharger." in page
    assert DownloadRecord.objects.count() == 0


def test_head_answers_the_headers_and_records_no_download(client, asset, playable, clip):
    user = verified_user("desk@example.org")
    downloads.accept_terms(user)
    client.force_login(user)
    address = url("download", downloads.download_token(clip, user))
    response = client.head(address)
    assert response.status_code == 200
    assert response["Content-Length"] == str(clip.size)
    assert response["Accept-Ranges"] == "bytes"
    assert "flood-relief-convoy_mp4-720p_1-2.mp4" in response["Content-Disposition"]
    assert response.content == b""
    assert DownloadRecord.objects.count() == 0

    player = client.head(url("watch", asset.video_id, "light"))
    assert player.status_code == 200
    assert player["Content-Length"] == str(playable.size)
    assert player.content == b""

    assert body(client.get(address)) == clip.file.open("rb").read()
    assert DownloadRecord.objects.count() == 1


# --- languages -----------------------------------------------------------------------------------


def test_a_video_missing_in_a_language_redirects_to_the_language_that_has_it(
    client, make_asset, small_video, media_root, roots, django_capture_on_commit_callbacks
):
    from portal.demo.translation import translate

    french = make_asset(small_video, title="Conférence de presse", locale="fr")
    response = client.get(url("detail", french.video_id), {"start": "00:01", "end": "00:02"})
    assert response.status_code == 302
    assert (
        response["Location"] == f"/fr/videos/{french.video_id}/?start=00%3A01&end=00%3A02&asked=en"
    )
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="fr">' in page
    assert 'hreflang="en" href=' not in page  # no English alternate announced
    assert 'href="/en/" hreflang="en"' in page  # the switcher leads to the English home

    with django_capture_on_commit_callbacks(execute=True):
        translate(french, roots["en"], {"Conférence de presse": "Press conference"})
    english = client.get(url("detail", french.video_id))
    assert english.status_code == 200
    assert "Press conference" in english.content.decode()
    page = client.get(url("detail", french.video_id, language="fr")).content.decode()
    assert f'hreflang="en" href="http://testserver/en/videos/{french.video_id}/"' in page


# --- editors -------------------------------------------------------------------------------------


def test_editors_fetch_renditions_through_the_admin_not_media_url(admin_client, asset, playable):
    edit = reverse("wagtailsnippets_media_library_videoasset:edit", args=[asset.pk])
    panel = admin_client.get(edit).content.decode()
    address = reverse("media_library_rendition_file", args=[playable.pk])
    assert f'href="{address}"' in panel
    assert "/media/videos/renditions/" not in panel
    response = admin_client.get(address)
    assert response.status_code == 200
    assert body(response) == playable.file.open("rb").read()

    reader = Client()
    reader.force_login(verified_user("reader@example.org"))  # no access to the admin
    assert reader.get(address).status_code in {302, 403}
