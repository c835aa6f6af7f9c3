"""Public downloads: the terms of use each account accepts once, the clips each account asked
for, and a record of each download."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from media_library import timecode

__all__ = ["TermsAcceptance", "ClipRequest", "DownloadRecord", "ReadyNotification"]


class TermsAcceptance(models.Model):
    """A user accepted the portal's terms of use (once per account: at sign-up, or on the
    download panel for accounts made otherwise). The one record of it: every screen asks
    `media_library.downloads.rules.has_accepted_terms`."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="video_terms_acceptance",
    )
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("acceptance of the terms of use")
        verbose_name_plural = _("acceptances of the terms of use")

    def __str__(self):
        return f"{self.user} · {self.accepted_at:%Y-%m-%d}"


class ClipRequest(models.Model):
    """A user asked for a rendition (last time at `requested_at`): the video page shows the
    user's latest one on any device, and only its askers may follow a rendition's progress.

    Goes with the rendition when housekeeping deletes it (nothing is left to follow)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="video_clip_requests",
    )
    rendition = models.ForeignKey(
        "media_library.VideoRendition",
        verbose_name=_("rendition"),
        on_delete=models.CASCADE,
        related_name="requests",
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)

    class Meta:
        verbose_name = _("clip request")
        verbose_name_plural = _("clip requests")
        constraints = [
            models.UniqueConstraint(fields=["user", "rendition"], name="one_request_per_user")
        ]
        indexes = [models.Index(fields=["user", "-requested_at"], name="latest_clip_requests")]

    def __str__(self):
        return f"{self.user} · {self.rendition_id} · {self.requested_at:%Y-%m-%d %H:%M}"


class DownloadRecord(models.Model):
    """One download of a rendition by a user: who, which video, which preset and range, when.

    Kept when a partial rendition is deleted by housekeeping: the statistics stay true."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="video_downloads",
    )
    asset = models.ForeignKey(
        "media_library.VideoAsset",
        verbose_name=_("video"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="download_records",
    )
    rendition = models.ForeignKey(
        "media_library.VideoRendition",
        verbose_name=_("rendition"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="download_records",
    )
    video_title = models.CharField(_("video title"), max_length=255)
    preset_slug = models.SlugField(_("preset"), max_length=50)
    start = models.DecimalField(_("start (s)"), max_digits=10, decimal_places=3)
    end = models.DecimalField(_("end (s)"), max_digits=10, decimal_places=3)
    # As VideoRendition.ranges: the ranges a clip of shots joined (start and end: its span).
    ranges = models.JSONField(_("ranges"), default=list, blank=True)
    full_length = models.BooleanField(_("full length"), default=True)
    downloaded_at = models.DateTimeField(_("downloaded at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-downloaded_at"]

    def __str__(self):
        return f"{self.video_title} · {self.preset_slug} · {self.downloaded_at:%Y-%m-%d %H:%M}"

    @property
    def segments(self):
        return timecode.segments(self.start, self.end, self.ranges)


class ReadyNotification(models.Model):
    """ "E-mail me the link when it is ready": sent once, in the user's language, by a job."""

    rendition = models.ForeignKey(
        "media_library.VideoRendition", on_delete=models.CASCADE, related_name="notifications"
    )
    asset = models.ForeignKey(
        "media_library.VideoAsset", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=10)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rendition", "user"], name="one_notification_per_user")
        ]

    def __str__(self):
        return f"{self.user} · {self.rendition_id}"
