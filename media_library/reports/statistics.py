"""The figures of the download report, over any set of `DownloadRecord`s (the filtered list).

- `per_video`: a video's language versions count together, under its title in the active
  language when it has that version (else another version's); the downloads of a deleted
  video count under the title they were made with.
- `per_day`: days in the active time zone; `every_day` adds the days without downloads, the
  shape a chart or a spreadsheet wants.
"""

from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from wagtail.models import Locale

from media_library.models import DownloadPreset, VideoAsset


def per_video(records):
    """[(title, downloads)], the most downloaded first."""
    by_key = dict(
        records.filter(asset__isnull=False)
        .values_list("asset__translation_key")
        .annotate(downloads=Count("pk"))
        .order_by()
    )
    titles = titles_in_active_language(by_key)
    rows = [(titles[key], downloads) for key, downloads in by_key.items()]
    rows += (
        records.filter(asset__isnull=True)
        .values_list("video_title")
        .annotate(downloads=Count("pk"))
        .order_by()
    )
    return sorted(rows, key=lambda row: (-row[1], row[0].casefold()))


def titles_in_active_language(translation_keys):
    """{translation key: title}, each video's version in the active language preferred."""
    active = Locale.get_active().pk
    titles = {}
    versions = VideoAsset.objects.filter(translation_key__in=translation_keys).order_by("pk")
    for key, locale_id, title in versions.values_list("translation_key", "locale_id", "title"):
        if key not in titles or locale_id == active:
            titles[key] = title
    return titles


def per_day(records):
    """(date, downloads) rows, the latest day first; only days with downloads (a queryset:
    slicing it limits the query)."""
    return (
        records.annotate(day=TruncDate("downloaded_at"))
        .values_list("day")
        .annotate(downloads=Count("pk"))
        .order_by("-day")
    )


def every_day(rows, first=None, last=None):
    """[(date, downloads)] from `first` (else the first download) to `last` (else the last
    download), in date order, with 0 for the days without downloads."""
    counts = dict(rows)
    first = first or min(counts, default=None)
    last = last or max(counts, default=None)
    if first is None or last is None:
        return []
    return [
        (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0))
        for n in range((last - first).days + 1)
    ]


def preset_names():
    """{slug: name in the active language} of every preset."""
    return {preset.slug: preset.name for preset in DownloadPreset.objects.all()}
