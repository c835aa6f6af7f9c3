from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class WorkerHeartbeat(models.Model):
    """The last time a worker ran a job from each queue: how the portal knows workers are alive."""

    queue = models.CharField(_("queue"), max_length=50, unique=True)
    last_seen = models.DateTimeField(_("last seen"))
    worker_name = models.CharField(_("worker"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")
        # Settings → Background jobs (queues, workers, failed jobs and their retry).
        # Stored in English whatever the active language (the admin translates it when showing it).
        permissions = [("monitor_jobs", gettext_noop("Can monitor and retry background jobs"))]

    def __str__(self):
        return f"{self.queue}: {self.last_seen:%Y-%m-%d %H:%M:%S}"
