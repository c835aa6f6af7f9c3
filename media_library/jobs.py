"""Work on the `media` queue: process an upload (poster, strip), render a rendition, and take
back work whose worker died or that never reached Redis.

How a row and its job stay consistent (VideoFile and VideoRendition alike):

- `waiting`: the row exists but no job is known to be in Redis (just created, Redis down).
  `enqueue_*` gives it a fresh job id and, once Redis accepted the job, marks it `queued`.
- A job *claims* its row by a conditional UPDATE on (pk, job_id): a job whose row was handed to
  another job since finds nothing to claim and stops. The same condition guards publication, so
  a job taken back for being silent can never overwrite the work of its successor.
- While working, the job beats (`heartbeat_at`, with the progress), and the worker process
  that watches the job beats in Redis (the RQ job's `last_heartbeat`) whether ffmpeg prints
  progress or not. `requeue_stale_work`, run every minute by the scheduler's reconcile pass
  (portal/reconcile.py), re-enqueues `waiting` rows, `queued` rows whose job Redis no longer
  has, and `processing` rows whose worker fell silent on both counts (killed with SIGKILL,
  machine lost); after MAX_ATTEMPTS such losses the row is marked failed with the reason.
- Output is written to a local temporary file; the row becomes `ready` only after the whole
  file is in storage, in the same UPDATE that records its name.
"""

import logging
import os
import tempfile
import uuid
from datetime import timedelta
from pathlib import Path

import django_rq
from django.conf import settings
from django.core.files import File
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from rq import get_current_job
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from media_library.encoding import ffmpeg, smartcut
from media_library.models import (
    ProcessingStatus,
    VideoAsset,
    VideoFile,
    VideoRendition,
)

logger = logging.getLogger(__name__)

QUEUE = "media"
MAX_ATTEMPTS = 3
HEARTBEAT_EVERY = 2  # seconds between two progress writes
LIVE_JOB_STATUSES = {JobStatus.QUEUED, JobStatus.STARTED, JobStatus.DEFERRED, JobStatus.SCHEDULED}


def abandoned_after():
    """Seconds of silence after which a `processing` row's worker is taken for dead."""
    return getattr(settings, "MEDIA_LIBRARY_ABANDONED_AFTER", 120)


def get_queue():
    return django_rq.get_queue(QUEUE)


# --- Enqueueing -----------------------------------------------------------------------------


def _enqueue(model, pk, function, job_timeout, queue=None):
    """Give the row a new job id and put the job in Redis; True when Redis took it."""
    job_id = f"{model._meta.model_name}-{pk}-{uuid.uuid4().hex[:12]}"
    pending = [ProcessingStatus.WAITING, ProcessingStatus.QUEUED]
    if not model.objects.filter(pk=pk, status__in=pending).update(job_id=job_id):
        return False
    try:
        (queue or get_queue()).enqueue(
            function,
            pk,
            job_id=job_id,
            job_timeout=job_timeout,
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


def enqueue_video(video_id, queue=None):
    video = VideoFile.objects.filter(pk=video_id).only("duration").first()
    if video is None:
        return False
    limit = ffmpeg.time_limit(video.duration, factor=1.0) + 60
    return _enqueue(VideoFile, video_id, process_video, limit, queue)


def enqueue_rendition(rendition_id, queue=None):
    rendition = VideoRendition.objects.select_related("preset").filter(pk=rendition_id).first()
    if rendition is None:
        return False
    limit = ffmpeg.time_limit(rendition.clip_duration, ffmpeg.speed_factor(rendition.preset))
    return _enqueue(VideoRendition, rendition_id, render_rendition, limit + 60, queue)


def process_now(video):
    """Do a video's pending work in this process, through a synchronous RQ queue (demo content,
    management commands): its poster and strip, then its waiting renditions."""
    from rq import Queue

    queue = Queue(QUEUE, is_async=False, connection=get_queue().connection)
    enqueue_video(video.pk, queue=queue)
    pending = [ProcessingStatus.WAITING, ProcessingStatus.QUEUED]
    for pk in VideoRendition.objects.filter(video=video, status__in=pending).values_list(
        "pk", flat=True
    ):
        enqueue_rendition(pk, queue=queue)


# --- Claiming and beating -------------------------------------------------------------------


def _claim(model, pk):
    job = get_current_job()
    job_id = job.id if job else ""
    claimed = model.objects.filter(
        pk=pk, job_id=job_id, status__in=[ProcessingStatus.WAITING, ProcessingStatus.QUEUED]
    ).update(
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


def _store(field_file, path, name):
    """Copy a finished local file into the storage (disk or S3); returns its stored name."""
    with open(path, "rb") as handle:
        return field_file.storage.save(
            field_file.field.generate_filename(field_file.instance, name), File(handle)
        )


def _publish(model, pk, job_id, **fields):
    """Mark the work ready with its files, only if this job still holds it: one UPDATE."""
    return model.objects.filter(pk=pk, job_id=job_id, status=ProcessingStatus.PROCESSING).update(
        status=ProcessingStatus.READY, progress=100, error="", heartbeat_at=timezone.now(), **fields
    )


def _fail(model, pk, job_id, reason):
    model.objects.filter(pk=pk, job_id=job_id).update(
        status=ProcessingStatus.FAILED, error=str(reason)[:1000]
    )


def _reason(error):
    if isinstance(error, ffmpeg.FFmpegError):
        return _("ffmpeg could not process the video: %(reason)s") % {"reason": error}
    if type(error).__name__ == "JobTimeoutException":
        return _("The work took longer than its time limit.")
    return _("Unexpected error: %(reason)s") % {"reason": error}


# --- The jobs -------------------------------------------------------------------------------


def process_video(video_id):
    """Poster and thumbnail strip of an accepted upload; then the pre-generated presets."""
    job_id = _claim(VideoFile, video_id)
    if job_id is None:
        return "not claimed"
    beat = Heartbeat(VideoFile, video_id, job_id)
    video = VideoFile.objects.get(pk=video_id)
    try:
        with (
            ffmpeg.local_copy(video.file) as source,
            tempfile.TemporaryDirectory(prefix="media-video-", dir=ffmpeg.work_dir()) as work,
        ):
            poster_path = Path(work) / "poster.jpg"
            ffmpeg.extract_poster(source, poster_path, video.duration)
            beat(40)
            strip_path = Path(work) / "strip.jpg"
            layout = ffmpeg.make_thumbnail_strip(
                source, strip_path, video.duration, video.width, video.height
            )
            beat(80)
            poster = _save_poster(video, poster_path)
            strip_name = _store(video.strip, strip_path, "strip.jpg")
        if not _publish(VideoFile, video_id, job_id, poster=poster, strip=strip_name, **layout):
            video.strip.storage.delete(strip_name)
            return "superseded"
    except Exception as error:
        logger.exception("Processing video %s failed", video_id)
        _fail(VideoFile, video_id, job_id, _reason(error))
        raise
    if VideoAsset.objects.filter(video_id=video_id, live=True).exists():
        video.refresh_from_db()
        video.pregenerate()
    return "ready"


def _save_poster(video, path):
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    asset = video.assets.order_by("pk").first()
    title = asset.title if asset else str(video)
    Image = get_image_model()
    with open(path, "rb") as handle:
        image = Image(title=title[:255], file=ImageFile(handle, name="poster.jpg"))
        if asset:
            image.collection_id = asset.collection_id
        image.save()
    return image


def render_rendition(rendition_id):
    """Render one rendition into a temporary file, then publish it whole."""
    job_id = _claim(VideoRendition, rendition_id)
    if job_id is None:
        return "not claimed"
    beat = Heartbeat(VideoRendition, rendition_id, job_id)
    rendition = VideoRendition.objects.select_related("video", "preset").get(pk=rendition_id)
    video, preset = rendition.video, rendition.preset
    extension = preset.extension_for(video)
    try:
        with (
            ffmpeg.local_copy(video.file) as source,
            tempfile.TemporaryDirectory(prefix="media-render-", dir=ffmpeg.work_dir()) as work,
        ):
            output = Path(work) / f"rendition.{extension}"
            _render_into(source, output, rendition, beat)
            size = output.stat().st_size
            name = _store(rendition.file, output, _file_name(rendition, extension))
        previous = rendition.file.name
        if not _publish(VideoRendition, rendition_id, job_id, file=name, size=size):
            rendition.file.storage.delete(name)
            return "superseded"
        if previous:  # the out-of-date file this one replaces
            rendition.file.storage.delete(previous)
    except Exception as error:
        logger.exception("Rendering %s failed", rendition_id)
        _fail(VideoRendition, rendition_id, job_id, _reason(error))
        raise
    return "ready"


def _render_into(source, output, rendition, progress):
    preset = rendition.preset
    if preset.is_original and rendition.is_full_length:
        with open(source, "rb") as original, open(output, "wb") as copy:
            while chunk := original.read(1024 * 1024):
                copy.write(chunk)
        return
    if preset.is_original:
        try:
            smartcut.cut(
                source, output, float(rendition.start), float(rendition.end), progress=progress
            )
            return
        except smartcut.SmartCutError as error:
            logger.warning(
                "Rendition %s: no smart cut (%s); re-encoding the range in the original's codec",
                rendition.pk,
                error,
            )
    ffmpeg.transcode(
        source,
        output,
        preset,
        rendition.video,
        start=rendition.start,
        end=rendition.end,
        progress=progress,
        reencode=preset.is_original,
    )


def _file_name(rendition, extension):
    stem = slugify(Path(rendition.video.original_filename or "video").stem)[:60] or "video"
    if rendition.is_full_length:
        return f"{stem}-{rendition.preset.slug}.{extension}"
    start, end = int(rendition.start * 1000), int(rendition.end * 1000)
    return f"{stem}-{rendition.preset.slug}-{start}-{end}.{extension}"


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


def requeue_stale_work():
    """Periodic (portal/reconcile.py): re-enqueue work that is not on its way to being done.

    Returns how many rows were re-enqueued and how many were given up as failed."""
    connection = get_queue().connection
    silent_since = timezone.now() - timedelta(seconds=abandoned_after())
    requeued = failed = 0
    for model, enqueue in ((VideoFile, enqueue_video), (VideoRendition, enqueue_rendition)):
        candidates = model.objects.filter(
            Q(status=ProcessingStatus.WAITING)
            | Q(status=ProcessingStatus.QUEUED)
            | Q(status=ProcessingStatus.PROCESSING)
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
                requeued += bool(enqueue(pk))
    return {"requeued": requeued, "failed": failed, "pid": os.getpid()}
