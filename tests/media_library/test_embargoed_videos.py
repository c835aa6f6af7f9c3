"""A video past its expiry or before its go-live time is shown nowhere, even before the
scheduler has caught up (the minute between two `publish_scheduled` runs)."""

from datetime import timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from media_library.blocks import VideoBlock
from media_library.models import VideoAsset


def featured():
    return Template("{% load media_library_tags %}{% featured_videos 3 %}").render(Context({}))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "offset"),
    [("go_live_at", timedelta(hours=2)), ("expire_at", timedelta(minutes=-1))],
)
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
