"""Video assets, download presets and renditions, the way Wagtail does images
(docs/architecture.md, "Media pipeline").

- `VideoFile`: the uploaded original and what ffprobe and the worker learnt from it. It has no
  language: every language version of an asset points at the same one, so translating a video
  never copies or re-encodes anything.
- `VideoAsset`: the editorial record (title, description, credits, shot list), translatable with
  wagtail-localize, published or draft, in a Wagtail collection, filed under topics
  (`VideoTopicLink`, to the model named by MEDIA_LIBRARY_TOPIC_MODEL: see media_library.topics).
- `DownloadPreset`: a named ffmpeg recipe editors manage; `media_library.encoding` turns it into
  arguments.
- `VideoRendition`: one per (original, preset, start, end); rendered once by a worker, reused.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Prefetch, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.images import get_image_model
from wagtail.models import (
    CollectionMember,
    DraftStateMixin,
    Orderable,
    RevisionMixin,
    TranslatableMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from media_library import timecode
from media_library.encoding import runner, transcode
from media_library.encoding.vocabulary import AudioCodec, Container, VideoCodec
from media_library.timecode import TimecodeField
from media_library.worker import ProcessedByWorker, ProcessingStatus

from .captions import CaptionKind

__all__ = [
    "ProcessingStatus",
    "Container",
    "VideoCodec",
    "AudioCodec",
    "VideoFile",
    "VideoAsset",
    "published_time",
    "CARD_POSTER",
    "ShotListItem",
    "VideoTopicLink",
    "PlayerRole",
    "DownloadPreset",
    "VideoRendition",
    "PROTECTED_MEDIA_DIRS",
]


# Folders of MEDIA_ROOT never served as they are: originals are for the press office, and
# renditions reach the public only through the gated player and signed download views
# (media_library/views.py, media_library/downloads). The web server must not serve them under
# MEDIA_URL (README).
ORIGINALS_DIR = "videos/originals/"
RENDITIONS_DIR = "videos/renditions/"
PROTECTED_MEDIA_DIRS = (ORIGINALS_DIR, RENDITIONS_DIR)


def original_upload_to(instance, filename):
    return f"{ORIGINALS_DIR}{uuid.uuid4().hex}/{filename}"


def strip_upload_to(instance, filename):
    return f"videos/strips/{uuid.uuid4().hex}/{filename}"


def rendition_upload_to(instance, filename):
    return f"{RENDITIONS_DIR}{uuid.uuid4().hex}/{filename}"


class VideoFile(ProcessedByWorker):
    """An uploaded original, probed before it was accepted, shared by its language versions."""

    job = "media_library.jobs.process_video"  # its poster and thumbnail strip

    file = models.FileField(_("file"), upload_to=original_upload_to, max_length=255)
    original_filename = models.CharField(_("original file name"), max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    format_name = models.CharField(_("container"), max_length=100, blank=True)
    duration = TimecodeField(_("duration"), default=0)
    width = models.PositiveIntegerField(_("width"), default=0)
    height = models.PositiveIntegerField(_("height"), default=0)
    frame_rate = models.DecimalField(_("frame rate"), max_digits=8, decimal_places=3, default=0)
    video_codec = models.CharField(_("video codec"), max_length=50, blank=True)
    video_bitrate = models.PositiveBigIntegerField(_("video bitrate (bit/s)"), null=True)
    audio_codec = models.CharField(_("audio codec"), max_length=50, blank=True)
    audio_bitrate = models.PositiveBigIntegerField(_("audio bitrate (bit/s)"), null=True)
    audio_sample_rate = models.PositiveIntegerField(_("audio sample rate"), null=True)
    audio_channels = models.PositiveSmallIntegerField(_("audio channels"), null=True)
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("automatic poster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    strip = models.FileField(_("thumbnail strip"), upload_to=strip_upload_to, blank=True)
    strip_interval = models.DecimalField(max_digits=8, decimal_places=3, default=0)
    strip_frames = models.PositiveIntegerField(default=0)
    strip_columns = models.PositiveIntegerField(default=0)
    strip_frame_width = models.PositiveIntegerField(default=0)
    strip_frame_height = models.PositiveIntegerField(default=0)
    # The public caption tracks the renditions carrying captions were made with (a digest:
    # media_library.caption_tracks.refresh_captioned_renditions).
    captions_digest = models.CharField(max_length=64, blank=True, editable=False)
    uploaded_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("video file")
        verbose_name_plural = _("video files")

    def __str__(self):
        return self.original_filename or self.file.name

    @property
    def has_audio(self):
        return bool(self.audio_codec)

    @property
    def duration_display(self):
        return timecode.format(self.duration)

    @property
    def strip_size(self):
        """(width, height) of the thumbnail strip image: frames in rows of strip_columns."""
        if not self.strip_columns:
            return (0, 0)
        rows = -(-self.strip_frames // self.strip_columns)
        return (self.strip_columns * self.strip_frame_width, rows * self.strip_frame_height)

    def rendition_key(self, preset, start=None, end=None, segments=None):
        """The fields that name the rendition of this original for `preset` over [start, end]
        (seconds; None = edge) or joining `segments` ([(start, end), ...] in clip order; one
        segment is a plain range): two requests for the same ranges name the same row."""
        ranges = []
        if segments and len(segments) > 1:
            segments = [self.normalise_range(start, end) for start, end in segments]
            ranges = [[str(start), str(end)] for start, end in segments]
            start, end = segments[0][0], segments[-1][1]
        elif segments:
            (start, end), *_rest = segments
        start, end = self.normalise_range(start, end)
        return {"video": self, "preset": preset, "start": start, "end": end, "ranges": ranges}

    def find_rendition(self, preset, start=None, end=None, segments=None):
        """The existing rendition `get_rendition` would return, or None."""
        key = self.rendition_key(preset, start, end, segments)
        return VideoRendition.objects.filter(**key).first()

    def get_rendition(self, preset, start=None, end=None, segments=None):
        """The rendition of this original named by `rendition_key` (a range or segments).

        Returns the existing row, or creates it and enqueues exactly one job: the database's
        unique constraint decides which of two simultaneous requests creates it. A rendition
        found out of date (its preset changed) is queued again, once.
        """
        rendition, created = VideoRendition.objects.get_or_create(
            **self.rendition_key(preset, start, end, segments),
            defaults={"status": ProcessingStatus.WAITING},
        )
        if created:
            rendition.enqueue_on_commit()
        elif rendition.status == ProcessingStatus.STALE:
            if rendition.requeue(from_statuses=[ProcessingStatus.STALE]):
                rendition.refresh_from_db()
        VideoRendition.objects.filter(pk=rendition.pk).update(last_requested_at=timezone.now())
        return rendition

    def normalise_range(self, start=None, end=None):
        """(start, end) as Decimal seconds inside [0, duration]; full length is (0, duration)."""
        duration = timecode.quantize(self.duration)
        start = timecode.quantize(start or 0)
        end = duration if end is None else min(timecode.quantize(end), duration)
        if start < 0 or start >= end:
            raise ValidationError(_("The start of the range must come before its end."))
        return start, end

    def job_time_limit(self):
        return runner.time_limit(self.duration, factor=1.0)

    def pregenerate(self):
        """Request the full-length renditions of the presets marked for pre-generation."""
        for preset in DownloadPreset.objects.filter(enabled=True, pregenerate=True):
            self.get_rendition(preset)


CARD_POSTER = "fill-480x270"  # a video card's poster (the video index, featured videos)


def published_time():
    """When a video appeared for the public (its first publication, else its creation): the
    public video index lists the newest first."""
    return Coalesce("first_published_at", "created_at")


class VideoAssetQuerySet(models.QuerySet):
    def public(self):
        """What the public may see, in any language: published, its embargo (go-live time)
        passed and not expired — even in the minute before the scheduler catches up.

        The one rule of "is this video public?": the library's pages, downloads and player
        (media_library.downloads.rules), `VideoAsset.is_public`, the video block of press
        releases, the template tags, the newsletter and the index search all go through it."""
        now = timezone.now()
        return (
            self.filter(live=True)
            .filter(Q(go_live_at__isnull=True) | Q(go_live_at__lte=now))
            .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=now))
        )

    def with_card_posters(self):
        """With their posters and the posters' card renditions (`CARD_POSTER`), read with the
        videos: a list of cards then costs two queries for its posters' renditions instead of
        two Redis round trips per card (Wagtail reads and writes back its rendition cache)."""
        renditions = get_image_model().get_rendition_model().objects.filter(filter_spec=CARD_POSTER)
        return self.select_related("video", "poster", "video__poster").prefetch_related(
            Prefetch("poster__renditions", queryset=renditions),
            Prefetch("video__poster__renditions", queryset=renditions),
        )


class VideoAsset(
    TranslatableMixin,
    DraftStateMixin,
    RevisionMixin,
    CollectionMember,
    index.Indexed,
    ClusterableModel,
):
    """A video as editors and translators see it; its language versions share `video`."""

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    credits = models.CharField(_("credits"), max_length=255, blank=True)
    video = models.ForeignKey(
        VideoFile,
        verbose_name=_("video file"),
        on_delete=models.PROTECT,
        related_name="assets",
    )
    poster = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("poster"),
        help_text=_("Leave empty to use the frame taken from the video automatically."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    captions_kind = models.CharField(
        _("kind of captions"),
        max_length=10,
        choices=CaptionKind.choices,
        default=CaptionKind.CAPTIONS,
        help_text=_("A translation of this video into another language has subtitles."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="videoasset")

    objects = VideoAssetQuerySet.as_manager()

    # wagtail-localize: texts (the shot list's and the captions' too) are translated; the topics
    # are the same in every language version, copied from the source when a translation is made
    # or synced. A translation's captions are subtitles whatever the source's kind.
    override_translatable_fields = [
        SynchronizedField("topic_links", overridable=False),
        SynchronizedField("captions_kind", overridable=False),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("description"),
        index.SearchField("credits"),
        index.RelatedFields("cues", [index.SearchField("text")]),  # the words spoken
        index.FilterField("collection"),
        index.FilterField("locale"),
        index.FilterField("live"),
        index.FilterField("video"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        ordering = ["-created_at"]
        # The public video index's order (newest first in a language): walked for a page of
        # 12 rather than sorting every video of the language on each request (issue 15).
        indexes = [
            models.Index(
                F("locale"), published_time().desc(), F("id").desc(), name="video_public_order_idx"
            )
        ]
        # Stored in English whatever the active language (the admin translates it when showing it).
        permissions = [("choose_videoasset", gettext_noop("Can choose video"))]

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions

    def get_url(self):
        """The public page of this version, in its own language (/fr/videos/… or /en/videos/…)."""
        with translation.override(self.locale.language_code):
            return reverse("media_library_public:detail", args=[self.video_id])

    @property
    def is_public(self):
        """Whether this language version is public (VideoAssetQuerySet.public)."""
        return type(self).objects.public().filter(pk=self.pk).exists()

    @property
    def poster_image(self):
        """The editor's poster, otherwise the frame the worker took."""
        return self.poster or self.video.poster

    @property
    def duration(self):
        return self.video.duration

    def get_rendition(self, preset, start=None, end=None, segments=None):
        """See `VideoFile.get_rendition`: renditions belong to the file all languages share."""
        return self.video.get_rendition(preset, start=start, end=end, segments=segments)


class ShotListItem(TranslatableMixin, Orderable):
    """A segment of the video, described for journalists: in and out times and what it shows."""

    asset = ParentalKey(VideoAsset, on_delete=models.CASCADE, related_name="shots")
    start = TimecodeField(_("in"))
    end = TimecodeField(_("out"))
    description = models.CharField(_("description"), max_length=500)

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("shot")
        verbose_name_plural = _("shot list")
        ordering = ["sort_order"]

    def __str__(self):
        return f"{timecode.format(self.start)}-{timecode.format(self.end)} {self.description}"

    def clean(self):
        super().clean()
        if self.start is not None and self.end is not None and self.start >= self.end:
            raise ValidationError({"end": _("The out time must come after the in time.")})


class VideoTopicLink(Orderable):
    """A video's topic: one language version of a term of the vocabulary, shared by the video's
    language versions (a synchronised relation); pages show the reader's version of the term."""

    asset = ParentalKey(VideoAsset, on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(
        settings.MEDIA_LIBRARY_TOPIC_MODEL,
        verbose_name=_("topic"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("topic")]

    class Meta(Orderable.Meta):
        verbose_name = _("video topic")
        verbose_name_plural = _("video topics")
        constraints = [
            models.UniqueConstraint(fields=["asset", "topic"], name="unique_video_topic"),
        ]

    def __str__(self):
        return str(self.topic)


class PlayerRole(models.TextChoices):
    """What the public player plays: found by this role, never by a slug editors may change."""

    MAIN = "main", _("Player: main version")
    LIGHT = "light", _("Player: light version (slow connections)")


class DownloadPreset(models.Model):
    """A download format editors offer: turned into ffmpeg arguments by media_library.encoding."""

    ENCODING_FIELDS = (
        "container",
        "video_codec",
        "height",
        "crf",
        "video_bitrate",
        "audio_codec",
        "audio_bitrate",
        "audio_sample_rate",
        "audio_only",
        "subtitle_streams",
        "burn_in_language",
    )

    slug = models.SlugField(_("slug"), unique=True, max_length=50)
    name_fr = models.CharField(_("name (French)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    container = models.CharField(_("container"), max_length=10, choices=Container.choices)
    video_codec = models.CharField(
        _("video codec"), max_length=20, choices=VideoCodec.choices, blank=True
    )
    height = models.PositiveIntegerField(
        _("height (pixels)"),
        null=True,
        blank=True,
        help_text=_("Scaled down to this height, never up. Empty: the original's height."),
    )
    crf = models.PositiveSmallIntegerField(
        _("quality (CRF)"),
        null=True,
        blank=True,
        help_text=_("Constant rate factor: lower is better and larger (18 to 28 is usual)."),
    )
    video_bitrate = models.PositiveIntegerField(
        _("video bitrate (kbit/s)"), null=True, blank=True, help_text=_("Used when no CRF is set.")
    )
    audio_codec = models.CharField(
        _("audio codec"), max_length=20, choices=AudioCodec.choices, blank=True
    )
    audio_bitrate = models.PositiveIntegerField(_("audio bitrate (kbit/s)"), null=True, blank=True)
    audio_sample_rate = models.PositiveIntegerField(
        _("audio sample rate (Hz)"), null=True, blank=True
    )
    audio_only = models.BooleanField(_("audio only"), default=False)
    subtitle_streams = models.BooleanField(
        _("captions as subtitle streams"),
        default=False,
        help_text=_(
            "MP4 and MOV: each language's captions or subtitles travel in the file as a "
            "subtitle stream the viewer can turn on (cut to the clip like the picture)."
        ),
    )
    burn_in_language = models.CharField(
        _("captions burned into the picture"),
        max_length=10,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "The captions of this language are drawn on the picture: offer one such format "
            "per language, so that journalists choose the language with the format."
        ),
    )
    pregenerate = models.BooleanField(
        _("pre-generate full length when a video is published"), default=False
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    player_role = models.CharField(
        _("role in the video player"),
        max_length=10,
        choices=PlayerRole.choices,
        blank=True,
        help_text=_(
            "The public player plays the full-length rendition of the preset with each role "
            "(one preset per role). Give a player role to an MP4 preset that is pre-generated."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("download preset")
        verbose_name_plural = _("download presets")
        ordering = ["sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["player_role"],
                condition=~Q(player_role=""),
                name="one_preset_per_player_role",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        changed = False
        if self.pk:
            previous = DownloadPreset.objects.filter(pk=self.pk).values(*self.ENCODING_FIELDS)
            previous = previous.first()
            changed = previous is not None and any(
                previous[name] != getattr(self, name) for name in self.ENCODING_FIELDS
            )
        super().save(*args, **kwargs)
        if changed:
            self.renditions.exclude(status=ProcessingStatus.STALE).update(
                status=ProcessingStatus.STALE, progress=0
            )

    @property
    def name(self):
        return self.name_en if (get_language() or "").startswith("en") else self.name_fr

    @property
    def is_original(self):
        return self.container == Container.ORIGINAL

    def size_note(self, video):
        """What to say next to this preset for `video` when the preset's height is above the
        video's: it comes out at its own size (never enlarged). Empty otherwise."""
        if self.audio_only or not self.height or not video.height or self.height <= video.height:
            return ""
        return gettext("this video: %(width)s×%(height)s (never enlarged)") % {
            "width": video.width,
            "height": video.height,
        }

    def extension_for(self, video):
        if self.is_original:
            return (video.file.name.rsplit(".", 1)[-1] if "." in video.file.name else "mp4").lower()
        return self.container

    def clean(self):
        super().clean()
        if self.is_original:
            return
        if self.audio_only and self.container not in {Container.MP3, Container.WAV, Container.M4A}:
            raise ValidationError(
                {"container": _("An audio-only preset needs an audio container.")}
            )
        if not self.audio_only and not self.video_codec:
            raise ValidationError({"video_codec": _("Choose a video codec, or tick audio only.")})
        if self.subtitle_streams and self.container not in {Container.MP4, Container.MOV}:
            raise ValidationError(
                {"subtitle_streams": _("Subtitle streams need an MP4 or MOV container.")}
            )
        if self.burn_in_language and (self.audio_only or self.video_codec == VideoCodec.COPY):
            raise ValidationError(
                {"burn_in_language": _("Burning captions in needs the picture re-encoded.")}
            )
        if self.video_codec and self.video_codec != VideoCodec.COPY:
            if self.crf is None and self.video_bitrate is None:
                raise ValidationError({"crf": _("Set a CRF or a video bitrate.")})


class VideoRenditionQuerySet(models.QuerySet):
    """ "Full length" is decided here (and by `VideoRendition.is_full_length` on a loaded row,
    the same rule): from 0 to the original's duration."""

    FULL_LENGTH = Q(start=0, end=models.F("video__duration"), ranges=[])

    def full_length(self):
        return self.filter(self.FULL_LENGTH)

    def partial(self):
        return self.exclude(self.FULL_LENGTH)


class VideoRendition(ProcessedByWorker):
    """The original rendered with a preset over [start, end]; one row per combination.

    A clip of shots that are not adjacent joins several ranges of the video, in order, in one
    file: `ranges` lists them ([["0.000", "8.000"], ["16.000", "24.000"]]; start and end are
    then the first one's start and the last one's end). Empty: the one range start–end.
    `segments` gives the ranges either way."""

    job = "media_library.jobs.render_rendition"

    video = models.ForeignKey(VideoFile, on_delete=models.CASCADE, related_name="renditions")
    preset = models.ForeignKey(DownloadPreset, on_delete=models.CASCADE, related_name="renditions")
    start = TimecodeField(_("start"))
    end = TimecodeField(_("end"))
    ranges = models.JSONField(_("ranges"), default=list, blank=True)
    file = models.FileField(_("file"), upload_to=rendition_upload_to, blank=True, max_length=255)
    size = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_requested_at = models.DateTimeField(null=True, blank=True)

    objects = VideoRenditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["video", "preset", "start", "end", "ranges"],
                name="unique_rendition_per_ranges",
            ),
            models.CheckConstraint(condition=Q(start__lt=models.F("end")), name="rendition_range"),
        ]

    def __str__(self):
        return f"{self.video} · {self.preset} · {self.range_display}"

    @cached_property
    def is_full_length(self):
        """VideoRenditionQuerySet.FULL_LENGTH, on this row."""
        return (
            not self.ranges
            and self.start == 0
            and self.end == timecode.quantize(self.video.duration)
        )

    @property
    def segments(self):
        """The ranges of the video the clip joins, in order: [(start, end)] in Decimal seconds."""
        return timecode.segments(self.start, self.end, self.ranges)

    @property
    def range_display(self):
        return " + ".join(
            f"{timecode.format(start)}-{timecode.format(end)}" for start, end in self.segments
        )

    @property
    def clip_duration(self):
        return float(sum(end - start for start, end in self.segments))

    def job_time_limit(self):
        return runner.time_limit(
            self.clip_duration, transcode.speed_factor(self.preset, self.is_full_length)
        )
