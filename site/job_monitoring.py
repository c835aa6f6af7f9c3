"""What the Wagtail "Background jobs" screen shows: the RQ queues, their workers with their last
heartbeat, the jobs running and the jobs that failed, and retrying a failed one.

Read from Redis on each visit; when Redis does not answer, `overview()` says so instead of
failing (the admin never depends on Redis)."""

import datetime

import django_rq
from django.conf import settings
from redis.exceptions import RedisError
from rq import Worker
from rq.exceptions import InvalidJobOperation, NoSuchJobError
from rq.job import Job

LISTED_PER_QUEUE = 50


class Unavailable(Exception):
    """Redis did not answer."""


def aware(moment):
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=datetime.UTC)
    return moment


def last_line(text):
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def describe(job, queue_name):
    return {
        "id": job.id,
        "queue": queue_name,
        "function": job.func_name,
        "enqueued_at": aware(job.enqueued_at),
        "started_at": aware(job.started_at),
        "ended_at": aware(job.ended_at),
        "error": last_line(job.exc_info),
        "worker": job.worker_name or "",
    }


def jobs_in(registry, queue_name):
    ids = registry.get_job_ids(0, LISTED_PER_QUEUE - 1, desc=True)
    jobs = Job.fetch_many(ids, connection=registry.connection)
    return [describe(job, queue_name) for job in jobs if job is not None]


def overview():
    """{"queues": [...], "workers": [...], "running": [...], "failed": [...]}; raises
    Unavailable when Redis does not answer."""
    try:
        queues, running, failed = [], [], []
        for name in settings.RQ_QUEUE_NAMES:
            queue = django_rq.get_queue(name)
            started, failures = queue.started_job_registry, queue.failed_job_registry
            queues.append(
                {
                    "name": name,
                    "queued": queue.count,
                    "running": started.count,
                    "failed": failures.count,
                }
            )
            running += jobs_in(started, name)
            failed += jobs_in(failures, name)
        connection = django_rq.get_connection(settings.RQ_QUEUE_NAMES[0])
        workers = [
            {
                "name": worker.name,
                "queues": ", ".join(worker.queue_names()),
                "state": worker.get_state(),
                "last_heartbeat": aware(worker.last_heartbeat),
                "current_job": worker.get_current_job_id() or "",
            }
            for worker in Worker.all(connection=connection)
        ]
    except RedisError as error:
        raise Unavailable(str(error)) from error
    workers.sort(key=lambda worker: worker["name"])
    failed.sort(key=lambda job: job["ended_at"] or job["enqueued_at"], reverse=True)
    return {"queues": queues, "workers": workers, "running": running, "failed": failed}


def retry(queue_name, job_id):
    """Put a failed job back on its queue. False when it is not (any longer) a failed job of
    that queue."""
    if queue_name not in settings.RQ_QUEUE_NAMES:
        return False
    registry = django_rq.get_queue(queue_name).failed_job_registry
    try:
        registry.requeue(job_id)
    except (InvalidJobOperation, NoSuchJobError):
        return False
    return True
