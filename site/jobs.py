"""Jobs of the portal itself (not of one app)."""

from django.utils import timezone
from rq import get_current_job

from .models import WorkerHeartbeat


def record_heartbeat(queue="default"):
    """Run by a worker: records that the queue's workers are alive, for the health page."""
    job = get_current_job()
    worker_name = (job.worker_name or "") if job else ""
    heartbeat, _ = WorkerHeartbeat.objects.update_or_create(
        queue=queue, defaults={"last_seen": timezone.now(), "worker_name": worker_name}
    )
    return heartbeat.last_seen.isoformat()
