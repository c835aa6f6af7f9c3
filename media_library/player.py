"""What the public player plays, and through which addresses.

Anonymous visitors may watch, but the files are never served straight from MEDIA_URL (a
rendition there could be downloaded by anyone, forever, even after the video is unpublished).
The player's <source> is a gated URL per video and player role (`media_library_public:watch`),
answered by a view that checks the video is public and serves the rendition inline with HTTP
Range (or hands it to nginx or object storage like downloads). The URL is stable and the same
for every visitor, so pages showing a player can be kept in the page cache.

The player finds its presets by their role (`DownloadPreset.player_role`), never by slug: an
editor may rename or replace a preset and give the role to another. A rendition being made
again (its preset changed: `stale`, then re-rendered by the scheduler) keeps its previous file
until the new one is published, and the player keeps playing it meanwhile.
"""

from django.urls import reverse

from media_library.models import PlayerRole, ProcessingStatus, VideoRendition

# The player prefers the main version, then the light one.
ROLES = (PlayerRole.MAIN, PlayerRole.LIGHT)


def _playable(video):
    """Full-length renditions of `video` with a whole file (ready, or being made again)."""
    return (
        VideoRendition.objects.full_length()
        .filter(video=video, preset__player_role__in=ROLES)
        .exclude(file="")
        .exclude(status=ProcessingStatus.FAILED)
        .select_related("preset")
    )


def playable_renditions(asset):
    """The renditions the <video> element offers, best first."""
    renditions = _playable(asset.video)
    return sorted(renditions, key=lambda r: ROLES.index(r.preset.player_role))


def player_sources(asset):
    """[{"url", "type"}] of the <source> elements: gated URLs, best first."""
    return [
        {
            "url": reverse(
                "media_library_public:watch", args=[asset.video_id, rendition.preset.player_role]
            ),
            "type": "video/mp4",
        }
        for rendition in playable_renditions(asset)
    ]


def playable_rendition(video, role):
    """The full-length rendition the player may stream for `role`, or None."""
    if role not in ROLES:
        return None
    return _playable(video).filter(preset__player_role=role).select_related("video").first()
