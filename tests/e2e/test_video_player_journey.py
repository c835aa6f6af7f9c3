"""A visitor, in each language, watches a published video: a click on a shot of the shot list
seeks the player to that shot, "Preview the selection" plays the chosen range and stops at its
end, and the thumbnail strip is shown with the range picker. The poster, the strip and the
playable 360p rendition are made by a real `rqworker` running real ffmpeg. axe checks the page.

The player's source is the gated URL (public videos only), answered with HTTP byte ranges:
without them Chromium cannot seek at all."""

import re

import pytest

from tests.media_library.videos import make_video

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = {
    "en": {
        "title": "Harbour clean-up day",
        "shots": ["Wide shot of the quay", "Volunteers lift a net"],
        "play_from": "Play from 00:01.5",
        "preview": "Preview the selection",
    },
    "fr": {
        "title": "Journée de nettoyage du port",
        "shots": ["Plan large du quai", "Des bénévoles soulèvent un filet"],
        "play_from": "Lire à partir de 00:01,5",
        "preview": "Prévisualiser la sélection",
    },
}


@pytest.fixture
def processed_video(transactional_db, tmp_path, run_worker):
    """A 4-second clip, processed (poster, strip) with its 360p web rendition ready."""
    import importlib

    from django.apps import apps
    from django.core.cache import cache
    from django.core.files import File

    from media_library import worker
    from media_library.encoding import probe
    from media_library.models import DownloadPreset, VideoFile
    from portal.demo.home import ensure_home_pages

    cache.clear()
    ensure_home_pages()
    importlib.import_module("media_library.migrations.0002_default_presets").create_presets(
        apps, None
    )
    importlib.import_module(
        "media_library.migrations.0007_player_role_and_terms_date"
    ).give_player_roles(apps, None)
    source = make_video(tmp_path / "harbour.mp4", seconds=4, size="320x180")
    video = VideoFile(original_filename=source.name, **probe.probe(source).as_fields())
    with open(source, "rb") as handle:
        video.file.save(source.name, File(handle), save=False)
    video.save()
    worker.enqueue(VideoFile, video.pk)
    video.get_rendition(DownloadPreset.objects.get(slug="mp4-360p-web"))
    run_worker("media")
    video.refresh_from_db()
    assert video.strip and video.poster
    return video


def publish_asset(video, language, words):
    from wagtail.models import Locale

    from media_library.models import ShotListItem, VideoAsset

    locale = Locale.objects.get(language_code=language)
    asset = VideoAsset(title=words["title"], video=video, locale=locale, live=True)
    asset.save()
    first, second = words["shots"]
    for order, (start, end, description) in enumerate([(0, 1.5, first), (1.5, 4, second)]):
        ShotListItem.objects.create(
            asset=asset,
            locale=locale,
            sort_order=order,
            start=start,
            end=end,
            description=description,
        )
    return asset


def current_time(page):
    return page.evaluate("document.getElementById('player').currentTime")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_visitor_seeks_by_shot_previews_a_range_and_sees_the_strip(
    processed_video, live_server, open_page, assert_accessible, language
):
    from media_library.player import playable_renditions

    words = WORDS[language]
    asset = publish_asset(processed_video, language, words)
    assert [r.preset.slug for r in playable_renditions(asset)] == ["mp4-360p-web"]

    page = open_page(locale="en-GB" if language == "en" else "fr-FR")
    page.goto(f"{live_server.url}/{language}/videos/{processed_video.pk}/")
    player = page.locator("video#player")
    player.wait_for()
    source = player.locator("source").get_attribute("src")
    assert source == f"/{language}/videos/{processed_video.pk}/watch/light/"
    # The player's metadata (duration) comes from the rendition the worker made.
    page.wait_for_function("document.getElementById('player').readyState >= 1")
    assert page.evaluate("document.getElementById('player').duration") == pytest.approx(4, abs=0.2)
    assert words["shots"][1] in page.locator(".shot-list").inner_text()
    assert_accessible(page)

    # (1) The second shot's button seeks the player to its start time (1.5 s).
    # Read where the seek landed once the browser finished it (a player that cannot seek in
    # its source reports the new time at once, then falls back to 0).
    page.evaluate(
        """() => {
            const player = document.getElementById('player');
            window.seekedTo = null;
            player.addEventListener('seeked', () => { window.seekedTo = player.currentTime; },
                                    {once: true});
        }"""
    )
    page.get_by_role("button", name=words["play_from"]).click()
    page.wait_for_function("window.seekedTo !== null")
    assert page.evaluate("window.seekedTo") == pytest.approx(1.5, abs=0.05)
    assert 1.45 <= current_time(page) < 4
    page.evaluate("document.getElementById('player').pause()")
    page.wait_for_function("document.getElementById('player').paused")

    # (2) Preview plays from the selected start and pauses at the selected end.
    page.evaluate(
        """() => {
            const player = document.getElementById('player');
            window.playedFrom = null;
            window.pausedAt = null;
            player.addEventListener('playing', () => {
                if (window.playedFrom === null) window.playedFrom = player.currentTime;
            });
            player.addEventListener('pause', () => {
                if (window.playedFrom !== null) window.pausedAt = player.currentTime;
            });
        }"""
    )
    page.locator("#clip-start").fill("00:01.000")
    page.locator("#clip-start").dispatch_event("change")
    page.locator("#clip-end").fill("00:02.000")
    page.locator("#clip-end").dispatch_event("change")
    page.get_by_role("button", name=words["preview"]).click()
    page.wait_for_function("window.pausedAt !== null", timeout=10_000)
    played_from, paused_at = page.evaluate("[window.playedFrom, window.pausedAt]")
    assert played_from is not None, "the player never started playing"
    assert 0.95 <= played_from < 2.0
    # timeupdate fires every ~250 ms: the player stops within a fraction of a second of the
    # end, long before the video's own end at 4 s (a loaded machine gets some slack)
    assert 2.0 <= paused_at <= 2.6
    assert page.evaluate("document.getElementById('player').paused")
    assert not page.evaluate("document.getElementById('player').ended")

    # (3) The thumbnail strip is laid out with the range picker, and its image loads.
    timeline = page.locator("#clip-form .timeline")
    assert timeline.locator("span").count() > 0
    box = timeline.bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0
    natural_width = page.evaluate(
        """() => new Promise((resolve) => {
            const image = new Image();
            image.onload = () => resolve(image.naturalWidth);
            image.onerror = () => resolve(0);
            image.src = document.querySelector('#clip-form .timeline').dataset.strip;
        })"""
    )
    assert natural_width == processed_video.strip_size[0] > 0
    assert re.search(r"url\(", timeline.locator("span").first.get_attribute("style"))
    assert_accessible(page)
