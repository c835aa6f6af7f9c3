"""The caption tracks of a video, as the public gets them: one per language version that is
public and has cues, the active language's first.

- the kind of a track (`kind_of`): a synced translation (made in wagtail-localize) is
  subtitles, a translation of the speech; a version written in its own language has the kind
  its editor chose;
- `public_tracks(video_id)`: the tracks the player and the download panel offer;
- `public_track(video_id, language)`: one of them, with its cues;
- `clip_ranges(rendition)`: the ranges of the video a rendition is made of;
- `rendition_files(rendition, folder)`: the SRT files a rendition's preset carries (streams)
  or draws (burned in), cut to the rendition;
- `refresh_captioned_renditions(video_id)`: after captions change (an import, a cue edited, a
  translation published, a version published or withdrawn), the renditions that carry them
  are made again.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from wagtail_localize.models import Translation

from media_library import worker
from media_library.captions.cutting import cut
from media_library.captions.files import to_srt
from media_library.downloads import rules as downloads
from media_library.models import (
    CaptionCue,
    CaptionKind,
    ProcessingStatus,
    VideoFile,
    VideoRendition,
)


@dataclass
class Track:
    asset: object
    language: str
    kind: str
    cues: list = field(default_factory=list)

    @property
    def label(self):
        """'French (captions)', 'Anglais (sous-titres)': in the active language, capitalised
        as a menu item starts (French writes language names in lower case otherwise)."""
        name = capfirst(get_language_info(self.language)["name_translated"])
        if self.kind == CaptionKind.CAPTIONS:
            # Translators: a caption track in the player's menu, e.g. "French (captions)".
            return _("%(language)s (captions)") % {"language": name}
        # Translators: a subtitle track in the player's menu, e.g. "English (subtitles)".
        return _("%(language)s (subtitles)") % {"language": name}


def _synced_translations(assets):
    """{(translation key, locale id)} of the assets that are synced wagtail-localize copies."""
    return set(
        Translation.objects.filter(
            source__object_id__in=[asset.translation_key for asset in assets],
            target_locale_id__in=[asset.locale_id for asset in assets],
            enabled=True,
        ).values_list("source__object_id", "target_locale_id")
    )


def kind_of(asset, synced=None):
    synced = _synced_translations([asset]) if synced is None else synced
    if (asset.translation_key, asset.locale_id) in synced:
        return CaptionKind.SUBTITLES
    return asset.captions_kind


def _settings_order(code):
    codes = [code for code, _name in settings.LANGUAGES]
    return codes.index(code) if code in codes else len(codes)


def _language_order(code):
    return (code != get_language(), _settings_order(code))


def public_tracks(video_id, with_cues=False):
    """The tracks of the public versions of the video that have cues (with them if asked)."""
    assets = list(
        downloads.public_assets()
        .filter(video_id=video_id)
        .annotate(cue_count=Count("cues"))
        .filter(cue_count__gt=0)
        .select_related("locale")
    )
    synced = _synced_translations(assets)
    tracks = [Track(a, a.locale.language_code, kind_of(a, synced)) for a in assets]
    if with_cues:
        cues = CaptionCue.objects.filter(asset__in=assets).order_by("asset", "sort_order")
        for track in tracks:
            track.cues = [cue.as_cue() for cue in cues if cue.asset_id == track.asset.pk]
    return sorted(tracks, key=lambda track: _language_order(track.language))


def public_track(video_id, language):
    """The track of the video in `language` with its cues, or None."""
    tracks = public_tracks(video_id, with_cues=True)
    return next((track for track in tracks if track.language == language), None)


def clip_ranges(rendition):
    """The ranges of the video a rendition is made of, in clip order: [(start, end)] (several
    for a clip of shots that are not adjacent)."""
    return rendition.segments


def rendition_files(rendition, folder):
    """([(SRT path, language)] for subtitle streams, SRT path to burn in or None) for the
    rendition's preset: the public tracks cut to the rendition, written in `folder`."""
    preset = rendition.preset
    if not (preset.subtitle_streams or preset.burn_in_language):
        return [], None
    files = {}
    for track in public_tracks(rendition.video_id, with_cues=True):
        cues = cut(track.cues, clip_ranges(rendition))
        if cues:
            path = Path(folder) / f"captions-{track.language}.srt"
            path.write_text(to_srt(cues), encoding="utf-8")
            files[track.language] = path
    # The same order in every file whoever asked for it: the portal's languages' order.
    streams = sorted(
        ((path, code) for code, path in files.items()),
        key=lambda stream: _settings_order(stream[1]),
    )
    return (streams if preset.subtitle_streams else []), files.get(preset.burn_in_language)


def tracks_digest(video_id):
    """A fingerprint of what the public tracks of the video say: languages, kinds and cues."""
    tracks = [
        [track.language, track.kind, [[str(c.start), str(c.end), c.text] for c in track.cues]]
        for track in public_tracks(video_id, with_cues=True)
    ]
    tracks.sort(key=lambda track: track[0])
    return hashlib.sha256(json.dumps(tracks).encode()).hexdigest()


CARRIES_CAPTIONS = Q(preset__subtitle_streams=True) | ~Q(preset__burn_in_language="")


def refresh_captioned_renditions(video_id):
    """When the public tracks of the video differ from those its renditions were made with,
    the renditions that carry captions (subtitle streams, burned in) are made again: a ready
    one turns STALE (no longer downloadable; the scheduler renders full-length ones again at
    once, partial ones are made again when asked for), one on its way starts again with the
    new captions (a fresh job: the old job can no longer publish). Returns how many changed."""
    digest = tracks_digest(video_id)
    if (
        not VideoFile.objects.filter(pk=video_id)
        .exclude(captions_digest=digest)
        .update(captions_digest=digest)
    ):
        return 0
    captioned = VideoRendition.objects.filter(CARRIES_CAPTIONS, video_id=video_id)
    changed = captioned.filter(status__in=[ProcessingStatus.READY, ProcessingStatus.FAILED]).update(
        status=ProcessingStatus.STALE, progress=0
    )
    in_flight = [*worker.PENDING, ProcessingStatus.PROCESSING]
    for rendition in captioned.filter(status__in=in_flight):
        changed += rendition.requeue(from_statuses=in_flight)
    return changed
