"""The worker state machine: how a row of work (a VideoFile's pictures, a VideoRendition's file)
and its RQ job stay consistent. It knows no concrete model and no job: a model names its job by
dotted path (`job`) and its time limit (`job_time_limit()`), so models never import jobs.

    waiting ──enqueue──▶ queued ──claim──▶ processing ──publish──▶ ready
       ▲                   │                  │  └──────fail──────▶ failed ──retry──┐
       └───────────────────┴──requeue_stale───┘                                     │
       ▲                                                                            │
       └───────────── requeue (retry, preset changed: stale) ◀──────────────────────┘

- `waiting`: the row exists but no job is known to be in Redis (just created, Redis down).
  `enqueue` gives it a fresh job id and, once Redis accepted the job, marks it `queued`.
- A job *claims* its row by a conditional UPDATE on (pk, job_id): a job whose row was handed to
  another job since finds nothing to claim and stops. The same condition guards publication, so
  a job taken back for being silent can never overwrite the work of its successor.
- While working, the job beats (`heartbeat_at`, with the progress), and the worker process
  that watches the job beats in Redis (the RQ job's `last_heartbeat`) whether ffmpeg prints
  progress or not. `requeue_stale`, run every minute by the scheduler's reconcile pass
  (portal/reconcile.py, through media_library.jobs), re-enqueues `waiting` rows, `queued` rows
  whose job Redis no longer has, and `processing` rows whose worker fell silent on both counts
  (killed with SIGKILL, machine lost); after MAX_ATTEMPTS such losses the row is marked failed.
- Output is written to a local temporary file; the row becomes `ready` only after the whole
  file is in storage, in the same UPDATE that records its name (`publish`).
- `stale`: the recipe changed after the file was made. The file stays (the player keeps
  playing it) until the scheduler's re-render publishes its successor.
"""

import logging
import uuid
from datetime import timedelta

import django_rq
from django.conf import settings
from django.core.files import File
from django.db import models, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from redis.exceptions import RedisError
from rq import get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

logger = logging.getLogger(__name__)

QUEUE = "media"
MAX_ATTEMPTS = 3
HEARTBEAT_EVERY = 2  # seconds between two progress writes
LIVE_JOB_STATUSES = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


class ProcessingStatus(models.TextChoices):
    WAITING = "waiting", gettext_lazy("Waiting for processing")
    QUEUED = "queued", gettext_lazy("Queued")
    PROCESSING = "processing", gettext_lazy("Processing")
    READY = "ready", gettext_lazy("Ready")
    FAILED = "failed", gettext_lazy("Failed")
    STALE = "stale", gettext_lazy("Out of date")


PENDING = [ProcessingStatus.WAITING, ProcessingStatus.QUEUED]


class ProcessedByWorker(models.Model):
    """The state of work done by an RQ worker: who holds it, how far it got, why it failed.

    Subclasses set `job` (the dotted path of the function RQ runs with the row's pk) and
    `job_time_limit()` (seconds)."""

    job = None

    status = models.CharField(
        gettext_lazy("status"),
        max_length=20,
        choices=ProcessingStatus.choices,
        default=ProcessingStatus.WAITING,
        db_index=True,
    )
    progress = models.PositiveSmallIntegerField(gettext_lazy("progress (%)"), default=0)
    error = models.TextField(gettext_lazy("failure reason"), blank=True)
    job_id = models.CharField(max_length=100, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    heartbeat_at = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def job_time_limit(self):
        raise NotImplementedError

    @property
    def is_ready(self):
        return self.status == ProcessingStatus.READY

    @property
    def is_pending(self):
        return self.status in {
            ProcessingStatus.WAITING,
            ProcessingStatus.QUEUED,
            ProcessingStatus.PROCESSING,
            ProcessingStatus.STALE,
        }

    def enqueue_on_commit(self):
        model, pk = type(self), self.pk
        transaction.on_commit(lambda: enqueue(model, pk))

    def requeue(self, from_statuses):
        """Queue the work again (a retry, or a preset changed); True when this call did it."""
        updated = (
            type(self)
            .objects.filter(pk=self.pk, status__in=from_statuses)
            .update(status=ProcessingStatus.WAITING, progress=0, error="", attempts=0, job_id="")
        )
        if updated:
            self.enqueue_on_commit()
        return bool(updated)

    def retry(self):
        return self.requeue([ProcessingStatus.FAILED])

    def status_label(self):
        label = self.get_status_display()
        if self.status == ProcessingStatus.PROCESSING:
            return f"{label} {self.progress} %"
        return label


def abandoned_after():
    """Seconds of silence after which a `processing` row's worker is taken for dead."""
    return settings.MEDIA_LIBRARY_ABANDONED_AFTER


def get_queue():
    return django_rq.get_queue(QUEUE)


# --- Enqueueing -----------------------------------------------------------------------------


def enqueue(model, pk, queue=None):
    """Give the row a new job id and put its job in Redis; True when Redis took it."""
    row = model.objects.filter(pk=pk).first()
    if row is None:
        return False
    job_id = f"{model._meta.model_name}-{pk}-{uuid.uuid4().hex[:12]}"
    if not model.objects.filter(pk=pk, status__in=PENDING).update(job_id=job_id):
        return False
    try:
        (queue or get_queue()).enqueue(
            model.job,
            pk,
            job_id=job_id,
            job_timeout=row.job_time_limit(),
            result_ttl=3600,
            failure_ttl=7 * 24 * 3600,
        )
    except RedisError as error:
        logger.warning("Redis refused %s %s, it stays waiting: %s", model.__name__, pk, error)
        model.objects.filter(pk=pk, job_id=job_id).update(status=ProcessingStatus.WAITING)
        return False
    model.objects.filter(pk=pk, job_id=job_id, status=ProcessingStatus.WAITING).update(
        status=ProcessingStatus.QUEUED
    )
    return True


# --- Claiming, beating, publishing ----------------------------------------------------------


def claim(model, pk):
    """The current job takes its row: its job id, or None when the row is not its own."""
    job = get_current_job()
    job_id = job.id if job else ""
    claimed = model.objects.filter(pk=pk, job_id=job_id, status__in=PENDING).update(
        status=ProcessingStatus.PROCESSING,
        progress=0,
        error="",
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    return job_id if claimed else None


class Heartbeat:
    """Writes progress and a sign of life, at most every HEARTBEAT_EVERY seconds."""

    def __init__(self, model, pk, job_id):
        self.rows = model.objects.filter(pk=pk, job_id=job_id, status=ProcessingStatus.PROCESSING)
        self.last = None

    def __call__(self, percent=0):
        now = timezone.now()
        if self.last and (now - self.last).total_seconds() < HEARTBEAT_EVERY:
            return
        self.last = now
        self.rows.update(progress=percent, heartbeat_at=now)


def store(field_file, path, name):
    """Copy a finished local file into the storage (disk or S3); returns its stored name."""
    with open(path, "rb") as handle:
        return field_file.storage.save(
            field_file.field.generate_filename(field_file.instance, name), File(handle)
        )


# Sent (sender: the model, pk) once a row's work is published: a poster, a rendition's file.
# Public pages that show it may have changed (the page cache listens).
work_published = Signal()


def publish(model, pk, job_id, **fields):
    """Mark the work ready with its files, only if this job still holds it: one UPDATE."""
    published = model.objects.filter(
        pk=pk, job_id=job_id, status=ProcessingStatus.PROCESSING
    ).update(
        status=ProcessingStatus.READY, progress=100, error="", heartbeat_at=timezone.now(), **fields
    )
    if published:
        work_published.send(sender=model, pk=pk)
    return published


def fail(model, pk, job_id, reason):
    model.objects.filter(pk=pk, job_id=job_id).update(
        status=ProcessingStatus.FAILED, error=str(reason)[:1000]
    )


# --- Taking work back -----------------------------------------------------------------------


def _job_state(connection, job_id):
    """(RQ status, the watching worker's last heartbeat) of a job; (None, None) if unknown."""
    if not job_id:
        return None, None
    try:
        job = Job.fetch(job_id, connection=connection)
    except NoSuchJobError:
        return None, None
    return job.get_status(refresh=False), job.last_heartbeat


def requeue_stale(model):
    """Re-enqueue the rows of `model` whose work is not on its way to being done.

    Returns (re-enqueued, given up as failed)."""
    connection = get_queue().connection
    silent_since = timezone.now() - timedelta(seconds=abandoned_after())
    requeued = failed = 0
    candidates = model.objects.filter(
        status__in=[*PENDING, ProcessingStatus.PROCESSING]
    ).values_list("pk", "status", "job_id", "heartbeat_at", "attempts")
    for pk, status, job_id, heartbeat_at, attempts in candidates:
        job_status, worker_beat = _job_state(connection, job_id)
        if status == ProcessingStatus.QUEUED and job_status in LIVE_JOB_STATUSES:
            continue
        if status == ProcessingStatus.PROCESSING and job_status == JobStatus.STARTED:
            beats = [beat for beat in (heartbeat_at, worker_beat) if beat is not None]
            if beats and max(beats) > silent_since:
                continue
        # a job that ended without claiming its row counts as a lost attempt too
        # (claiming counts the others), so no row is re-queued forever
        lost_unclaimed = status == ProcessingStatus.QUEUED and job_status is not None
        attempts += int(lost_unclaimed)
        if status != ProcessingStatus.WAITING and attempts >= MAX_ATTEMPTS:
            reason = _("The worker processing it stopped unexpectedly %(count)s times.") % {
                "count": attempts
            }
            failed += model.objects.filter(pk=pk, job_id=job_id, status=status).update(
                status=ProcessingStatus.FAILED, error=reason, attempts=attempts
            )
            continue
        if model.objects.filter(pk=pk, job_id=job_id, status=status).update(
            status=ProcessingStatus.WAITING, progress=0, attempts=attempts
        ):
            requeued += bool(enqueue(model, pk))
    return requeued, failed
