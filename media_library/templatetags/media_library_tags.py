"""Public display of library videos: the player (used by VideoBlock) and the home page section."""

from django import template
from wagtail.models import Locale

from media_library import caption_tracks, timecode
from media_library.models import VideoAsset
from media_library.player import player_sources

register = template.Library()


@register.filter
def timecode_display(seconds):
    """A time in the video for people to read: '00:06', '00:15,5' in French (timecode.display)."""
    return timecode.display(seconds)


@register.filter
def duration_display(seconds):
    """A length for people to read: '0:16', '1:02:03' (timecode.display_duration)."""
    return timecode.display_duration(seconds)


@register.inclusion_tag("media_library/tags/video_player.html")
def video_player(asset, caption="", link_to_page=False):
    """A published video, in the active language when translated; nothing for a draft.
    `link_to_page`: a link to the video's page in the library, where it can be downloaded."""
    if asset is not None:
        asset = asset.localized
    if asset is None or not asset.live:
        return {"asset": None}
    return {
        "asset": asset,
        "caption": caption,
        "link_to_page": link_to_page,
        "sources": player_sources(asset),
        "shots": asset.shots.all(),
        "caption_tracks": caption_tracks.public_tracks(asset.video_id, with_cues=True),
    }


@register.inclusion_tag("media_library/tags/featured_videos.html")
def featured_videos(count=3):
    """The latest published videos in the active language."""
    videos = (
        VideoAsset.objects.public()
        .filter(locale=Locale.get_active())
        .select_related("video", "poster", "video__poster")
        .order_by("-first_published_at")[:count]
    )
    return {"videos": list(videos)}
