"""The RQ worker class of the portal (settings.RQ["WORKER_CLASS"]), for `manage.py rqworker`.

- It outlives Redis outages. RQ's own loop already waits for Redis while idle, but gives up on
  a Redis error anywhere else (a heartbeat, the end of a job, its maintenance): this worker then
  waits until Redis answers and starts its loop again, with no restart of the process.
- Its heartbeat (one `WorkerHeartbeat` row per queue, in the database, where /healthz reads it
  even with Redis down) comes from the worker's own process: while idle after each wait for a
  job (at most `worker_ttl` - 15 s), while busy every `job_monitoring_interval` seconds, from
  the process that watches the job. A long encode that prints no progress leaves its queue
  "busy", not "dead".
"""

import logging
import time

from django.db import DatabaseError, connections
from django.utils import timezone
from redis.exceptions import RedisError
from rq import Worker
from rq.exceptions import StopRequested

from .models import WorkerHeartbeat

logger = logging.getLogger(__name__)

WORKER_TTL = 60  # seconds: an idle worker beats at least every WORKER_TTL - 15 s
JOB_MONITORING_INTERVAL = 10  # seconds: a busy worker beats this often (RQ's default: 30)
RECORD_EVERY = 10  # seconds between two heartbeat rows of one worker
REDIS_WAIT = 2  # seconds between two tries while Redis is away


class PortalWorker(Worker):
    def __init__(self, *args, **kwargs):
        if kwargs.get("worker_ttl") in (None, 420):  # RQ's and django-rq's default
            kwargs["worker_ttl"] = WORKER_TTL
        kwargs.setdefault("job_monitoring_interval", JOB_MONITORING_INTERVAL)
        super().__init__(*args, **kwargs)
        self._recorded_at = 0.0
        self._stopping = False

    def handle_warm_shutdown_request(self):
        self._stopping = True  # SIGINT/SIGTERM: no restart of the loop after this
        super().handle_warm_shutdown_request()

    def work(self, burst=False, **kwargs):
        while True:
            try:
                worked = super().work(burst=burst, **kwargs)
            except RedisError as error:
                logger.warning("Worker %s: Redis went away (%s)", self.name, error)
                worked = False
            if burst or self._stopping or kwargs.get("max_jobs") or kwargs.get("max_idle_time"):
                return worked
            if not self._wait_for_redis():
                return worked
            logger.warning("Worker %s: Redis answers, carrying on", self.name)
            try:  # what the loop could not clean up while Redis was away
                self.register_death()
            except RedisError:
                continue

    def _wait_for_redis(self):
        """Until Redis answers (True) or a stop is asked for (False)."""
        while not self._stopping:
            try:
                self.connection.ping()
                return True
            except RedisError:
                self.record_heartbeat(force=False)
                time.sleep(REDIS_WAIT)
            except StopRequested:
                return False
        return False

    def heartbeat(self, *args, **kwargs):
        self.record_heartbeat()
        return super().heartbeat(*args, **kwargs)

    def record_heartbeat(self, force=False):
        now = time.monotonic()
        if not force and now - self._recorded_at < RECORD_EVERY:
            return
        self._recorded_at = now
        try:
            for queue in self.queue_names():
                WorkerHeartbeat.objects.update_or_create(
                    queue=queue,
                    defaults={"last_seen": timezone.now(), "worker_name": self.name[:255]},
                )
        except DatabaseError as error:
            logger.warning("Worker %s: no heartbeat recorded: %s", self.name, error)
            connections.close_all()

    def fork_work_horse(self, job, queue):
        # The job's process must not share this process's database connection.
        connections.close_all()
        return super().fork_work_horse(job, queue)
