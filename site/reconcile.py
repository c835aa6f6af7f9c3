"""The reconcile pass: work recorded in the database that Redis does not hold yet is handed
over, work whose worker died is taken back. Run by the scheduler (portal/scheduler.py) in its
own process when it starts and every minute, so that it never waits behind a queue's jobs.

Each step is safe to run again at any moment and by two processes at once (each module says
why): the database's cache emptied of an earlier outage, the outbox's entries, the media
library's video and rendition rows, and the newsletter's sendings.
"""

import logging

from django.db import close_old_connections
from redis.exceptions import RedisError

from media_library.jobs import requeue_stale_work
from resilience import outbox
from resilience.cache import forget_earlier_outages
from subscriptions.newsletter.sending import start_due

logger = logging.getLogger(__name__)

STEPS = {
    "fallback cache": forget_earlier_outages,
    "outbox": outbox.hand_over_pending,
    "media": requeue_stale_work,
    "newsletter": start_due,
}


def reconcile():
    """Every step, each on its own: one failing (Redis away) does not skip the others.
    Returns {step: result, or the error as text}."""
    close_old_connections()
    report = {}
    for name, step in STEPS.items():
        try:
            report[name] = step()
        except RedisError as error:
            report[name] = f"Redis is away: {error}"
        except Exception as error:
            logger.exception("Reconcile step %s failed", name)
            report[name] = f"failed: {error}"
    close_old_connections()
    return report
