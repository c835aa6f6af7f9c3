"""The outbox: work asked for is written to the database first, then handed to Redis.

Why: a request that asks for work (a newsletter send, a subscription e-mail, a wagtail-localize
job, a page-cache purge) must not fail, nor lose the work, because Redis is away. `enqueue()`
and `call()` write an `OutboxEntry` in the caller's transaction; after the commit the entry is
handed over at once when Redis answers. Entries Redis could not take stay in the table, and
`hand_over_pending()` hands them over later: in the scheduler when it starts and every minute
(portal/scheduler.py), and in any process whose cache sees Redis come back
(`resilience.cache.redis_recovered`).

Nothing twice: an entry is handed over under a row lock (`SKIP LOCKED`: two processes never
take the same one) and marked in the same transaction; its RQ job id is fixed when it is
written, and a job id Redis already knows is not enqueued again (a process that died between
Redis's answer and its commit). Jobs are kept in Redis for RESULT_TTL after they ran, far
longer than the next pass takes to come.

Media work does not pass through here: each video file and rendition row carries its own
waiting/queued/processing state, which `media_library.jobs.requeue_stale_work` reconciles in
the same pass.
"""

import logging
import pickle
import uuid
from datetime import timedelta

import django_rq
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from redis.exceptions import RedisError
from rq.job import Job
from wagtail_localize.tasks import BaseJobBackend

from .cache import redis_recovered
from .models import OutboxEntry

logger = logging.getLogger(__name__)

RESULT_TTL = 24 * 3600
KEEP_HANDED_OVER = timedelta(days=7)


def enqueue(queue, function, *args, job_timeout=None, **kwargs):
    """Record a job for an RQ queue (`function`: a callable or its dotted path)."""
    return _record(OutboxEntry.Kind.JOB, queue, function, args, kwargs, job_timeout)


def call(function, *args, **kwargs):
    """Record a call to make as soon as Redis answers (it must raise RedisError while not)."""
    return _record(OutboxEntry.Kind.CALL, "", function, args, kwargs, None)


def _record(kind, queue, function, args, kwargs, job_timeout):
    if not isinstance(function, str):
        function = f"{function.__module__}.{function.__qualname__}"
    entry = OutboxEntry.objects.create(
        kind=kind,
        queue=queue,
        function=function,
        arguments=pickle.dumps((args, kwargs)),
        job_id=f"outbox-{uuid.uuid4().hex}",
        job_timeout=job_timeout,
    )
    transaction.on_commit(lambda: hand_over(entry.pk), robust=True)
    return entry


def hand_over(pk):
    """Give one entry to Redis (or make its call). True when done, False when Redis is away or
    another process has it."""
    try:
        with transaction.atomic():
            entry = (
                OutboxEntry.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, handed_over_at__isnull=True)
                .first()
            )
            if entry is None:
                return False
            _deliver(entry)
            entry.handed_over_at = timezone.now()
            entry.save(update_fields=["handed_over_at"])
        return True
    except RedisError as error:
        OutboxEntry.objects.filter(pk=pk).update(
            attempts=F("attempts") + 1, last_error=str(error)[:500]
        )
        logger.warning("Outbox entry %s stays recorded, Redis is away: %s", pk, error)
        return False


def _deliver(entry):
    # Written by this code only, in its own database: the trust RQ gives its own job data.
    args, kwargs = pickle.loads(bytes(entry.arguments))  # noqa: S301
    if entry.kind == OutboxEntry.Kind.CALL:
        import_string(entry.function)(*args, **kwargs)
        return
    queue = django_rq.get_queue(entry.queue)
    if Job.exists(entry.job_id, connection=queue.connection):
        return  # enqueued by a process that died before it could say so
    queue.enqueue_call(
        entry.function,
        args=args,
        kwargs=kwargs,
        timeout=entry.job_timeout,
        result_ttl=RESULT_TTL,
        job_id=entry.job_id,
    )


def pending():
    return OutboxEntry.objects.filter(handed_over_at__isnull=True)


def hand_over_pending(limit=10_000):
    """Hand over what is waiting, oldest first; stops at the first sign that Redis is away.
    Returns how many entries were handed over."""
    done = 0
    for pk in pending().order_by("pk").values_list("pk", flat=True)[:limit]:
        if hand_over(pk):
            done += 1
        elif pending().filter(pk=pk).exists() and not _redis_answers():
            break
    OutboxEntry.objects.filter(handed_over_at__lt=timezone.now() - KEEP_HANDED_OVER).delete()
    return done


def _redis_answers():
    try:
        return bool(django_rq.get_connection("default").ping())
    except RedisError:
        return False


def _on_redis_recovered(**kwargs):
    try:
        hand_over_pending()
    except Exception:  # a request must never fail for this; the scheduler tries every minute
        logger.exception("Handing over the outbox after Redis came back failed")


redis_recovered.connect(_on_redis_recovered, dispatch_uid="portal_outbox_recovered")


class OutboxJobBackend(BaseJobBackend):
    """WAGTAILLOCALIZE_JOBS backend: wagtail-localize's jobs go through the outbox."""

    def __init__(self, options):
        self.queue = options.get("QUEUE", "default")

    def enqueue(self, func, args, kwargs):
        enqueue(self.queue, func, *args, **kwargs)
