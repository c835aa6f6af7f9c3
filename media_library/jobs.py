"""The jobs of the `media` queue, run by RQ workers (enqueued by dotted path: see
media_library.worker, which keeps each row and its job consistent):

- `process_video`: the poster and thumbnail strip of an accepted upload;
- `render_rendition`: one rendition, into a temporary file, then published whole;
- `requeue_stale_work` (every minute, the scheduler's reconcile pass: portal/reconcile.py):
  work lost with its worker or never enqueued is enqueued again;
- `rerender_stale_renditions` (every minute): full-length renditions made with a preset's old
  recipe are rendered again, the old file served meanwhile (the player never loses a source);
- `delete_unused_partial_renditions` (daily): partial renditions nobody asked for in
  MEDIA_LIBRARY_PARTIAL_KEEP_DAYS days are deleted, file and row; full-length ones stay.
"""

import logging
import os
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files.images import ImageFile
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from rq import Queue
from wagtail.images import get_image_model

from media_library import caption_tracks, worker
from media_library.encoding import pictures, runner, smartcut, transcode, workspace
from media_library.models import (
    ProcessingStatus,
    VideoAsset,
    VideoFile,
    VideoRendition,
)
from media_library.worker import Heartbeat, claim, fail, publish, store

logger = logging.getLogger(__name__)


def process_now(video):
    """Do a video's pending work in this process, through a synchronous RQ queue (demo content,
    management commands): its poster and strip, then its waiting renditions."""
    queue = Queue(worker.QUEUE, is_async=False, connection=worker.get_queue().connection)
    worker.enqueue(VideoFile, video.pk, queue=queue)
    for pk in VideoRendition.objects.filter(video=video, status__in=worker.PENDING).values_list(
        "pk", flat=True
    ):
        worker.enqueue(VideoRendition, pk, queue=queue)


def _reason(error):
    if isinstance(error, runner.FFmpegError | smartcut.SmartCutError):
        return _("ffmpeg could not process the video: %(reason)s") % {"reason": error}
    if type(error).__name__ == "JobTimeoutException":
        return _("The work took longer than its time limit.")
    return _("Unexpected error: %(reason)s") % {"reason": error}


# --- The jobs -------------------------------------------------------------------------------


def process_video(video_id):
    """Poster and thumbnail strip of an accepted upload; then the pre-generated presets."""
    job_id = claim(VideoFile, video_id)
    if job_id is None:
        return "not claimed"
    beat = Heartbeat(VideoFile, video_id, job_id)
    video = VideoFile.objects.get(pk=video_id)
    try:
        with (
            workspace.folder("video") as work,
            workspace.local_copy(video.file, work) as source,
        ):
            poster_path = work / "poster.jpg"
            pictures.extract_poster(source, video.format_name, poster_path, video.duration)
            beat(40)
            strip_path = work / "strip.jpg"
            layout = pictures.make_thumbnail_strip(
                source, video.format_name, strip_path, video.duration, video.width, video.height
            )
            beat(80)
            poster = _save_poster(video, poster_path)
            strip_name = store(video.strip, strip_path, "strip.jpg")
        if not publish(VideoFile, video_id, job_id, poster=poster, strip=strip_name, **layout):
            video.strip.storage.delete(strip_name)
            return "superseded"
    except Exception as error:
        logger.exception("Processing video %s failed", video_id)
        fail(VideoFile, video_id, job_id, _reason(error))
        raise
    if VideoAsset.objects.filter(video_id=video_id, live=True).exists():  # published
        video.refresh_from_db()
        video.pregenerate()
    return "ready"


def _save_poster(video, path):
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
    job_id = claim(VideoRendition, rendition_id)
    if job_id is None:
        return "not claimed"
    beat = Heartbeat(VideoRendition, rendition_id, job_id)
    rendition = VideoRendition.objects.select_related("video", "preset").get(pk=rendition_id)
    video, preset = rendition.video, rendition.preset
    extension = preset.extension_for(video)
    try:
        with (
            workspace.folder("render") as work,
            workspace.local_copy(video.file, work) as source,
        ):
            output = work / f"rendition.{extension}"
            _render_into(source, output, rendition, work, beat)
            size = output.stat().st_size
            name = store(rendition.file, output, _file_name(rendition, extension))
        previous = rendition.file.name
        if not publish(VideoRendition, rendition_id, job_id, file=name, size=size):
            rendition.file.storage.delete(name)
            return "superseded"
        if previous:  # the out-of-date file this one replaces
            rendition.file.storage.delete(previous)
    except Exception as error:
        logger.exception("Rendering %s failed", rendition_id)
        fail(VideoRendition, rendition_id, job_id, _reason(error))
        raise
    return "ready"


def _render_into(source, output, rendition, work, progress):
    preset = rendition.preset
    if preset.is_original and rendition.is_full_length:
        with open(source, "rb") as original, open(output, "wb") as copy:
            while chunk := original.read(1024 * 1024):
                copy.write(chunk)
        return
    segments = [(float(start), float(end)) for start, end in rendition.segments]
    if preset.is_original:
        try:
            smartcut.cut_segments(
                source, output, segments, progress, container=rendition.video.format_name
            )
            return
        except smartcut.SmartCutError as error:
            logger.warning(
                "Rendition %s: no smart cut (%s); re-encoding the range in the original's codec",
                rendition.pk,
                error,
            )
    subtitles, burn_in = caption_tracks.rendition_files(rendition, work)
    transcode.transcode(
        source,
        output,
        preset,
        rendition.video,
        work,
        start=rendition.start,
        end=rendition.end,
        segments=segments,
        progress=progress,
        reencode=preset.is_original,
        subtitles=subtitles,
        burn_in=burn_in,
    )


def _file_name(rendition, extension):
    stem = slugify(Path(rendition.video.original_filename or "video").stem)[:60] or "video"
    if rendition.is_full_length:
        return f"{stem}-{rendition.preset.slug}.{extension}"
    ranges = "-".join(f"{int(start * 1000)}-{int(end * 1000)}" for start, end in rendition.segments)
    return f"{stem}-{rendition.preset.slug}-{ranges}.{extension}"


# --- Periodic jobs --------------------------------------------------------------------------


def requeue_stale_work():
    """Periodic (the scheduler's reconcile pass, portal/reconcile.py): re-enqueue work that is
    not on its way to being done (media_library.worker.requeue_stale).

    Returns how many rows were re-enqueued and how many were given up as failed."""
    workspace.sweep()  # the work folders of killed jobs on this machine
    requeued = failed = 0
    for model in (VideoFile, VideoRendition):
        done = worker.requeue_stale(model)
        requeued, failed = requeued + done[0], failed + done[1]
    return {"requeued": requeued, "failed": failed, "pid": os.getpid()}


def rerender_stale_renditions():
    """Periodic (portal/cron.py): full-length renditions whose preset changed are rendered
    again now, not when someone next asks; their old file is served until the new one is in.
    Partial ones are re-rendered when asked for again (VideoFile.get_rendition)."""
    stale = VideoRendition.objects.full_length().filter(status=ProcessingStatus.STALE)
    requeued = 0
    for rendition in stale.select_related("video"):
        requeued += rendition.requeue(from_statuses=[ProcessingStatus.STALE])
    return requeued


def delete_unused_partial_renditions():
    """Daily (portal/cron.py): partial renditions nobody asked for in
    MEDIA_LIBRARY_PARTIAL_KEEP_DAYS days are deleted, file and row."""
    days = settings.MEDIA_LIBRARY_PARTIAL_KEEP_DAYS
    cutoff = timezone.now() - timedelta(days=days)
    unused = (
        VideoRendition.objects.partial()
        .exclude(status__in=[ProcessingStatus.PROCESSING, ProcessingStatus.QUEUED])
        .filter(
            Q(last_requested_at__lt=cutoff)
            | Q(last_requested_at__isnull=True, created_at__lt=cutoff)
        )
    )
    deleted = 0
    for rendition in unused:
        if rendition.file:
            rendition.file.delete(save=False)
        rendition.delete()
        deleted += 1
    logger.info("Deleted %s partial renditions unused for %s days", deleted, days)
    return deleted
