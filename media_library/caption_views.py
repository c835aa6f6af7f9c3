"""Caption files for the public: a track of a public video for the player and as a download
(WebVTT or SRT, whole length), and a track cut to a journalist's clip (signed link).

Thin views: the tracks come from media_library.caption_tracks, the files from
media_library.captions."""

from django.core import signing
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from media_library import caption_tracks
from media_library.captions import files
from media_library.captions.cutting import cut
from media_library.downloads import rules as downloads
from media_library.models import VideoRendition

FORMATS = {
    "vtt": (files.to_webvtt, "text/vtt; charset=utf-8"),
    "srt": (files.to_srt, "application/x-subrip; charset=utf-8"),
}


def caption_filename(track, extension, rendition=None):
    """`flood-relief_fr_captions.vtt`; a clip's: `flood-relief_fr_captions_12.5-30.srt`,
    `flood-relief_fr_captions_shots-1-3.srt` (see `downloads.clip_label`)."""
    name = f"{slugify(track.asset.title)[:80] or 'video'}_{track.language}_{track.kind}"
    if rendition is not None:
        name = f"{name}_{downloads.clip_label(track.asset, rendition)}"
    return f"{name}.{extension}"


def caption_response(cues, extension, filename, as_attachment):
    write, content_type = FORMATS[extension]
    response = HttpResponse(write(cues), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


@require_safe
def track(request, video_id, language, extension):
    """A public video's track in `language`: inline for the player's <track>, a file with
    `?download`. Anyone may have it, as anyone may watch."""
    found = caption_tracks.public_track(video_id, language)
    if found is None:
        raise Http404("No such track")
    filename = caption_filename(found, extension)
    return caption_response(found.cues, extension, filename, "download" in request.GET)


def clip_links(rendition, token):
    """[{"label", "vtt", "srt"}] of the tracks cut to the clip of a download link."""
    return [
        {
            "label": track.label,
            # Translators: the name of a caption file link of a clip, e.g. "English
            # (subtitles), this clip" (the full video's files are listed too).
            "clip_label": _("%(track)s, this clip") % {"track": track.label},
            "language": track.language,
            **{
                extension: reverse(
                    "media_library_public:clip_captions", args=[token, track.language, extension]
                )
                for extension in FORMATS
            },
        }
        for track in caption_tracks.public_tracks(rendition.video_id)
    ]


@require_safe
def clip_track(request, token, language, extension):
    """A track cut to the clip of a download link and re-timed to its start, for the user the
    link was made for (the same rules as the clip itself)."""
    try:
        rendition_id, user_id = downloads.read_download_token(token)
    except signing.BadSignature:  # expired too
        raise Http404("Bad link") from None
    if request.user.pk != user_id or not downloads.can_download(request.user):
        raise Http404("Not your link")
    rendition = VideoRendition.objects.filter(pk=rendition_id).first()
    found = caption_tracks.public_track(rendition.video_id, language) if rendition else None
    if found is None:
        raise Http404("No such track")
    cues = cut(found.cues, caption_tracks.clip_ranges(rendition))
    return caption_response(cues, extension, caption_filename(found, extension, rendition), True)
