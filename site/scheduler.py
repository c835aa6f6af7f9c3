"""The scheduler process (`manage.py run_scheduler`): RQ's cron scheduler over portal/cron.py,
plus the reconcile pass (portal/reconcile.py) on start and every settings.RECONCILE_EVERY
seconds (a minute).

RQ's own `rqcron` stops at the first Redis error; this one logs it, keeps running the
reconcile pass (which needs only the database to record, Redis to hand over) and goes on with
the cron jobs as soon as Redis answers: a Redis outage needs no restart.
"""

import logging
import time

from django.conf import settings
from django_rq.cron import DjangoCronScheduler
from redis.exceptions import RedisError
from rq.exceptions import StopRequested

from .reconcile import reconcile

logger = logging.getLogger(__name__)

TICK = 5  # seconds: the longest sleep, so that a returning Redis is noticed quickly


class PortalCronScheduler(DjangoCronScheduler):
    def start(self):
        self.log.info("Scheduler %s: starting", self.name)
        self._install_signal_handlers()
        born = False
        reconciled_at = None
        try:
            while True:
                now = time.monotonic()
                if reconciled_at is None or now - reconciled_at >= settings.RECONCILE_EVERY:
                    reconciled_at = now
                    self.log.info("Reconcile pass: %s", reconcile())
                try:
                    if not born:
                        self.register_birth()
                        born = True
                    if self.enqueue_jobs():
                        self.save()
                    self.heartbeat()
                    pause = min(self.calculate_sleep_interval(), TICK)
                except RedisError as error:
                    self.log.warning("Scheduler %s: Redis is away (%s), waiting", self.name, error)
                    pause = TICK
                if pause > 0:
                    time.sleep(pause)
        except (KeyboardInterrupt, StopRequested):
            self.log.info("Scheduler %s: stop requested", self.name)
        finally:
            try:
                if born:
                    self.register_death()
            except RedisError:
                pass
            self.log.info("Scheduler %s: stopped", self.name)
