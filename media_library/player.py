"""What the public player plays, and through which addresses.

Anonymous visitors may watch, but the files are never served straight from MEDIA_URL (a
rendition there could be downloaded by anyone, forever, even after the video is unpublished).
The player's <source> is a gated URL per video and preset (`media_library_public:watch`),
answered by a view that checks the video is public and serves the rendition inline with HTTP
Range (or hands it to nginx or object storage like downloads). The URL is stable and the same
for every visitor, so pages showing a player can be kept in the page cache.
"""

from django.urls import reverse

from media_library.models import ProcessingStatus, VideoRendition

# The player prefers the lightest rendition that is good enough on a page.
PLAYER_PRESETS = ("mp4-720p", "mp4-360p-web")


def _full_length_ready(video):
    return VideoRendition.objects.filter(
        video=video,
        status=ProcessingStatus.READY,
        start=0,
        end=video.duration,
    ).exclude(file="")


def playable_renditions(asset):
    """Ready full-length MP4 renditions for the <video> element, best first."""
    renditions = (
        _full_length_ready(asset.video)
        .filter(preset__slug__in=PLAYER_PRESETS)
        .select_related("preset")
    )
    return sorted(renditions, key=lambda r: PLAYER_PRESETS.index(r.preset.slug))


def player_sources(asset):
    """[{"url", "type"}] of the <source> elements: gated URLs, best first."""
    return [
        {
            "url": reverse(
                "media_library_public:watch", args=[asset.video_id, rendition.preset.slug]
            ),
            "type": "video/mp4",
        }
        for rendition in playable_renditions(asset)
    ]


def playable_rendition(video, preset_slug):
    """The ready full-length rendition the player may stream for `preset_slug`, or None."""
    if preset_slug not in PLAYER_PRESETS:
        return None
    return (
        _full_length_ready(video)
        .filter(preset__slug=preset_slug)
        .select_related("preset", "video")
        .first()
    )
