from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEntry(models.Model):
    """Work asked for, recorded in the database before Redis hears of it (resilience/outbox.py).

    A job for an RQ queue (its function by dotted path, its arguments pickled as RQ would) or a
    call made by whichever process hands the entry over (a page-cache purge). `job_id` is fixed
    when the entry is written, so that handing it over twice enqueues one job."""

    class Kind(models.TextChoices):
        JOB = "job", _("job")
        CALL = "call", _("call")

    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.JOB)
    queue = models.CharField(_("queue"), max_length=50, blank=True)
    function = models.CharField(_("function"), max_length=255)
    arguments = models.BinaryField()
    job_id = models.CharField(_("job"), max_length=64, unique=True)
    job_timeout = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("outbox entry")
        verbose_name_plural = _("outbox entries")
        indexes = [models.Index(fields=["handed_over_at", "id"], name="portal_outbox_pending")]

    def __str__(self):
        return f"{self.function} ({self.queue or self.kind})"
