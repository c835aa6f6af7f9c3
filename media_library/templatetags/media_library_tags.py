"""Public display of library videos: the player (used by VideoBlock) and the home page section."""

from django import template
from wagtail.models import Locale

from media_library.models import ProcessingStatus, VideoAsset, VideoRendition

register = template.Library()

# The player prefers the lightest rendition that is good enough on a page.
PLAYER_PRESETS = ("mp4-720p", "mp4-360p-web")


def playable_renditions(asset):
    """Ready full-length MP4 renditions for the <video> element, best first."""
    video = asset.video
    renditions = VideoRendition.objects.filter(
        video=video,
        preset__slug__in=PLAYER_PRESETS,
        status=ProcessingStatus.READY,
        start=0,
        end=video.duration,
    ).select_related("preset")
    return sorted(renditions, key=lambda r: PLAYER_PRESETS.index(r.preset.slug))


@register.inclusion_tag("media_library/tags/video_player.html")
def video_player(asset, caption=""):
    """A published video, in the active language when translated; nothing for a draft."""
    if asset is not None:
        asset = asset.localized
    if asset is None or not asset.live:
        return {"asset": None}
    return {
        "asset": asset,
        "caption": caption,
        "renditions": playable_renditions(asset),
        "shots": asset.shots.all(),
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
