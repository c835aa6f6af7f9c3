"""The newsletter's settings, each with a default; any can be set in Django's settings as
NEWSLETTER_<NAME>."""

from datetime import timedelta

from django.conf import settings

DEFAULTS = {
    # Recipients per message when the ESP has no batch sending (one connection, many messages).
    "BATCH_SIZE": 200,
    # Recipients per API call with an ESP's batch sending; None: as many as the ESP takes.
    "ESP_BATCH_SIZE": None,
    # A sending job may take this long (seconds) before RQ stops it; the cron job resumes it.
    "JOB_TIMEOUT": 6 * 3600,
    # A running sending renews its lease this often (seconds), from a thread of the worker...
    "HEARTBEAT_EVERY": 5,
    # ...and a lease not renewed for this long belongs to a dead worker: the scheduler's
    # reconcile pass (every minute) queues the sending again.
    "LEASE_EXPIRES": timedelta(seconds=30),
    # How long the ESP may take to list a message it accepted, before a run that resumes an
    # interrupted call trusts its answer (reconciliation.py).
    "RECONCILE_SETTLE": timedelta(seconds=10),
    "FROM_EMAIL": None,  # DEFAULT_FROM_EMAIL; its display name is translated (common.mail)
}


def get(name):
    value = getattr(settings, f"NEWSLETTER_{name}", DEFAULTS[name])
    if name == "FROM_EMAIL" and not value:
        return settings.DEFAULT_FROM_EMAIL
    return value
