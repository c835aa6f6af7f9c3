"""Caption cues: the timed texts of one language version of a video.

Each `VideoAsset` (one language version of a video) has its cues, an ordered child relation
like its shot list: wagtail-localize gives the translator one segment per cue text and copies
the times from the source, so a translation keeps the source's timecodes. The kind of the
track (`CaptionKind`) is the editor's choice on a video written in its language; a synced
translation is subtitles (see `media_library.caption_tracks`)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.models import Orderable, TranslatableMixin

from media_library.captions import Cue
from media_library.timecode import TimecodeField

__all__ = ["CaptionKind", "CaptionCue"]


class CaptionKind(models.TextChoices):
    CAPTIONS = "captions", _("Captions: the speech and the sounds, for deaf viewers")
    SUBTITLES = "subtitles", _("Subtitles: a translation of the speech")


class CaptionCue(TranslatableMixin, Orderable):
    """A text shown from `start` to `end` of the video."""

    asset = ParentalKey("media_library.VideoAsset", on_delete=models.CASCADE, related_name="cues")
    start = TimecodeField(_("start"))
    end = TimecodeField(_("end"))
    text = models.TextField(_("text"))

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("caption")
        verbose_name_plural = _("captions")
        ordering = ["sort_order"]

    def __str__(self):
        return self.text

    def as_cue(self):
        return Cue(self.start, self.end, self.text)

    def clean(self):
        super().clean()
        if self.start is not None and self.end is not None and self.start >= self.end:
            raise ValidationError({"end": _("The end must come after the start.")})
