"""A video past its expiry or before its go-live time is shown nowhere, even before the
scheduler has caught up (the minute between two `publish_scheduled` runs)."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from media_library.blocks import VideoBlock
from media_library.models import VideoAsset

# A video before its go-live time, or past its expiry: published, but not public.
hidden_by_embargo_or_expiry = pytest.mark.parametrize(
    ("field", "offset"),
    [("go_live_at", timedelta(hours=2)), ("expire_at", timedelta(minutes=-1))],
)


def featured():
    return Template("{% load media_library_tags %}{% featured_videos 3 %}").render(Context({}))


@pytest.mark.django_db
@hidden_by_embargo_or_expiry
def test_embargoed_or_expired_videos_are_hidden_from_features_blocks_and_the_library(
    make_asset, small_video, presets, client, field, offset
):
    asset = make_asset(small_video, title="Sommet de l’eau")
    with translation.override("fr"):
        assert "Sommet de l’eau" in featured()

    VideoAsset.objects.filter(pk=asset.pk).update(**{field: timezone.now() + offset})

    with translation.override("fr"):
        assert "Sommet de l’eau" not in featured()
        block = VideoBlock()
        assert block.render(block.to_python({"video": asset.pk, "caption": ""})).strip() == ""
    assert not VideoAsset.objects.public().filter(pk=asset.pk).exists()


def player_tag(asset):
    template = Template("{% load media_library_tags %}{% video_player asset %}")
    return template.render(Context({"asset": asset}))


@pytest.mark.django_db
@hidden_by_embargo_or_expiry
def test_every_screen_asks_the_same_question_is_this_video_public(
    make_asset, small_video, presets, client, field, offset
):
    """The player tag, the newsletter's video item and the library's search used to read
    `live` alone: a video whose embargo or expiry the scheduler had not applied yet showed
    there while the block and the library hid it."""
    from subscriptions.newsletter.blocks import VideoItemBlock

    asset = make_asset(small_video, title="Sommet de l’eau")
    item = VideoItemBlock()
    value = item.to_python({"video": asset.pk, "caption": ""})
    with translation.override("fr"):
        assert "Sommet de l’eau" in player_tag(asset)
        assert item.as_item(value, asset.locale, lambda path: path)["title"] == "Sommet de l’eau"
        assert "Sommet de l’eau" in client.get("/fr/videos/?q=sommet").content.decode()
    assert asset.is_public

    VideoAsset.objects.filter(pk=asset.pk).update(**{field: timezone.now() + offset})
    asset.refresh_from_db()

    assert asset.live and not asset.is_public  # published, but not public
    with translation.override("fr"):
        assert "Sommet de l’eau" not in player_tag(asset)
        assert item.as_item(value, asset.locale, lambda path: path) is None
        assert "Sommet de l’eau" not in client.get("/fr/videos/?q=sommet").content.decode()
