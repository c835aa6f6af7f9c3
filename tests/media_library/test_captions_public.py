"""Captions for the public: one <track> per language (the page's on by default), the
transcript, the WebVTT/SRT files, the clip's captions re-timed beside it, and the search that
finds a video by the words spoken in it."""

import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from media_library.captions.files import read
from media_library.downloads import rules as downloads
from media_library.models import DownloadPreset, ProcessingStatus, VideoRendition
from portal.demo.translation import translate

from .captions import add_cues
from .test_public_downloads import verified_user

pytestmark = pytest.mark.django_db

FRENCH = [
    ("0.200", "1.400", "Les glaciers fondent."),
    ("1.500", "2.900", "[Vent]\nLa neige recule chaque année."),
]
ENGLISH = {
    "Fonte": "Melting",
    "Les glaciers fondent.": "The glaciers are melting.",
    "[Vent]<br/>La neige recule chaque année.": "[Wind]<br/>The snow retreats every year.",
}


def url(name, *args, language="en"):
    with override(language):
        return reverse(f"media_library_public:{name}", args=args)


@pytest.fixture
def video(make_asset, small_video, media_root, presets, roots, django_capture_on_commit_callbacks):
    """A French video with captions, translated into English by wagtail-localize; playable."""
    french = add_cues(make_asset(small_video, title="Fonte"), FRENCH)
    french.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        translate(french, roots["en"], ENGLISH)
    VideoRendition.objects.update_or_create(  # publishing may have asked for it already
        video=french.video,
        preset=DownloadPreset.objects.get(slug="mp4-360p-web"),
        start=0,
        end=french.video.duration,
        defaults={"status": ProcessingStatus.READY, "file": "videos/renditions/x/fonte.mp4"},
    )
    return french


def tracks(page):
    return re.findall(r"<track [^>]*>", page)


def test_the_player_has_one_track_per_language_with_the_pages_on(client, video):
    french_page = client.get(url("detail", video.video_id, language="fr")).content.decode()
    assert tracks(french_page) == [
        '<track kind="captions" srclang="fr" label="Français (sous-titres pour sourds et '
        f'malentendants)" src="/fr/videos/{video.video_id}/captions/fr.vtt" default>',
        f'<track kind="subtitles" srclang="en" label="Anglais (sous-titres)" '
        f'src="/fr/videos/{video.video_id}/captions/en.vtt">',
    ]
    english_page = client.get(url("detail", video.video_id)).content.decode()
    assert tracks(english_page) == [
        f'<track kind="subtitles" srclang="en" label="English (subtitles)" '
        f'src="/en/videos/{video.video_id}/captions/en.vtt" default>',
        '<track kind="captions" srclang="fr" label="French (captions)" '
        f'src="/en/videos/{video.video_id}/captions/fr.vtt">',
    ]


def test_the_transcript_lists_the_cues_as_buttons_that_seek(client, video):
    page = client.get(url("detail", video.video_id)).content.decode()
    transcript = page[page.index('<details class="transcript" open>') :]
    first_list = transcript[: transcript.index("</ol>")]
    assert 'lang="en"' in first_list
    assert re.findall(r'data-start="([\d.]+)"', first_list) == ["0.200", "1.500"]
    assert "[Wind]<br>The snow retreats every year." in first_list
    assert "<summary>Transcript</summary>" in transcript


def test_the_tracks_are_webvtt_for_the_player_and_files_to_download(client, video):
    response = client.get(url("captions", video.video_id, "en", "vtt"))
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["Content-Disposition"].startswith("inline")
    assert response.content.decode().startswith("WEBVTT\n\n00:00:00.200 --> 00:00:01.400\n")
    assert [cue.text for cue in read(response.content)] == [
        "The glaciers are melting.",
        "[Wind]\nThe snow retreats every year.",
    ]
    srt = client.get(url("captions", video.video_id, "fr", "srt") + "?download")
    assert srt["Content-Disposition"] == 'attachment; filename="fonte_fr_captions.srt"'
    assert srt.content.decode().startswith("1\n00:00:00,200 --> 00:00:01,400\nLes glaciers")
    assert client.get(url("captions", video.video_id, "de", "vtt")).status_code == 404


def test_an_unpublished_video_has_no_public_track(client, video):
    assert client.get(url("captions", video.video_id, "fr", "vtt")).status_code == 200
    for version in video.get_translations(inclusive=True):
        version.unpublish()
    assert client.get(url("captions", video.video_id, "fr", "vtt")).status_code == 404
    assert client.get(url("captions", video.video_id, "en", "vtt")).status_code == 404


def test_the_download_panel_offers_each_language_in_webvtt_and_srt(client, video):
    page = client.get(url("detail", video.video_id)).content.decode()
    base = f"/en/videos/{video.video_id}/captions"
    for name in ("en.vtt", "en.srt", "fr.vtt", "fr.srt"):
        assert f'href="{base}/{name}?download"' in page


@pytest.fixture
def journalist(db):
    user = verified_user("reporter@example.org")
    downloads.accept_terms(user)
    client = Client()
    client.force_login(user)
    return user, client


def test_a_ready_clip_offers_its_captions_cut_and_retimed(video, journalist):
    user, client = journalist
    response = client.post(
        url("request", video.video_id),
        {"preset": "mp4-720p", "start": "00:01", "end": "00:02.500"},
        HTTP_ACCEPT="application/json",
    )
    rendition = VideoRendition.objects.get(pk=response.json()["id"])
    VideoRendition.objects.filter(pk=rendition.pk).update(
        status=ProcessingStatus.READY, file="videos/renditions/y/clip.mp4"
    )
    state = client.get(url("status", rendition.pk)).json()
    labels = [link["label"] for link in state["captions"]]
    assert labels == ["English (subtitles)", "French (captions)"]
    srt = client.get(state["captions"][0]["srt"])
    assert srt["Content-Disposition"] == 'attachment; filename="melting_en_subtitles_1-2.5.srt"'
    assert srt.content.decode() == (
        "1\n00:00:00,000 --> 00:00:00,400\nThe glaciers are melting.\n\n"
        "2\n00:00:00,500 --> 00:00:01,500\n[Wind]\nThe snow retreats every year.\n"
    )
    vtt = client.get(state["captions"][1]["vtt"]).content
    assert [(c.start, c.end) for c in read(vtt)] == [
        (Decimal("0"), Decimal("0.4")),
        (Decimal("0.5"), Decimal("1.5")),
    ]
    page = client.get(url("detail", video.video_id)).content.decode()
    assert 'id="clip-captions"' in page and state["captions"][0]["srt"] in page

    other = Client()
    other.force_login(verified_user("other@example.org"))
    assert other.get(state["captions"][0]["srt"]).status_code == 404
    assert Client().get(state["captions"][0]["srt"]).status_code == 404
    assert json.dumps(state)  # the page's script reads it as JSON


def test_the_index_search_finds_a_video_by_its_words_in_the_current_language(client, video):
    def found(language, words):
        page = client.get(url("index", language=language), {"q": words}).content.decode()
        return f"/videos/{video.video_id}/" in page

    assert found("fr", "neige recule")
    assert found("en", "snow retreats")
    assert not found("fr", "snow retreats")
    assert not found("en", "neige recule")


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="language configurations are PostgreSQL's"
)
def test_the_index_search_reads_the_words_spoken_in_each_language(
    client, make_asset, small_video, roots, django_capture_on_commit_callbacks
):
    """Other forms of the words spoken find the video (common/search_backend.py), in French
    and in English, most relevant first: the title and the words beat the words alone."""
    spoken = add_cues(
        make_asset(small_video, title="Sommet"),
        [("0.200", "1.400", "Les négociations internationales reprennent.")],
    )
    spoken.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        translate(
            spoken,
            roots["en"],
            {"Sommet": "Summit", "Les négociations internationales reprennent.": "Ice melting."},
        )
    titled = add_cues(
        make_asset(small_video, title="Négociations internationales"),
        [("0.200", "1.400", "Les négociations internationales, encore.")],
    )
    titled.save_revision().publish()

    def found(language, words):
        page = client.get(url("index", language=language), {"q": words}).content.decode()
        return re.findall(r'href="/\w\w/videos/(\d+)/"', page)

    french = found("fr", "négocier international")
    assert french[:2] == [str(titled.video_id), str(spoken.video_id)]
    assert found("en", "melt") == [str(spoken.video_id)]
