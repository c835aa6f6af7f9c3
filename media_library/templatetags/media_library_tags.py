"""Public display of library videos: the player (used by VideoBlock) and the home page section."""

from django import template
from django.utils.translation import get_language, pgettext_lazy
from wagtail.models import Locale

from media_library import caption_tracks, timecode
from media_library.downloads.forms import browser_time_rules
from media_library.models import VideoAsset
from media_library.player import player_sources
from media_library.public_schedule import current_period

register = template.Library()


@register.filter
def timecode_display(seconds):
    """A time in the video for people to read: '00:06', '00:15,5' in French (timecode.display)."""
    return timecode.display(seconds)


@register.filter
def duration_display(seconds):
    """A length for people to read: '0:16', '1:02:03' (timecode.display_duration)."""
    return timecode.display_duration(seconds)


# The site's languages as a sentence names them ("shown in French", "présentée en français"):
# Django's names are capitalised as titles ("Français").
LANGUAGE_IN_SENTENCE = {
    "fr": pgettext_lazy("a language named inside a sentence", "French"),
    "en": pgettext_lazy("a language named inside a sentence", "English"),
}


@register.filter
def language_in_sentence(code):
    """'fr' -> 'French' ('français' on a French page)."""
    return LANGUAGE_IN_SENTENCE.get(code, code)


@register.filter
def clip_time_rules(duration):
    """The clip form's time rules and messages for the video page's script (see
    `browser_time_rules`), to pass through `json_script`."""
    return browser_time_rules(duration)


@register.simple_tag
def video_public_period():
    """`{% video_public_period as period %}`: an argument of `{% remembered %}` for parts of a
    page that show videos (media_library/public_schedule.py)."""
    return current_period()


@register.inclusion_tag("media_library/tags/video_player.html")
def video_player(asset, caption="", link_to_page=False):
    """A public video, in the active language when translated; nothing for a draft, an
    embargoed or an expired one.
    `link_to_page`: a link to the video's page in the library, where it can be downloaded."""
    if asset is not None:
        asset = asset.localized
    if asset is None or not asset.is_public:
        return {"asset": None}
    # Not translated into the page's language: shown in its own, and the player says so.
    language = asset.locale.language_code
    return {
        "asset": asset,
        "foreign": language if language != get_language() else None,
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
        .with_card_posters()
        .order_by("-first_published_at")[:count]
    )
    return {"videos": list(videos)}
