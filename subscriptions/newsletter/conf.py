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
    # A sending with no progress for this long is queued again by the periodic job.
    "STALLED_AFTER": timedelta(minutes=15),
    # A batch claimed for longer than this belongs to a worker that died during the ESP call.
    "CLAIM_TIMEOUT": timedelta(minutes=10),
    "FROM_EMAIL": None,  # DEFAULT_FROM_EMAIL; its display name is translated (common.mail)
}


def get(name):
    value = getattr(settings, f"NEWSLETTER_{name}", DEFAULTS[name])
    if name == "FROM_EMAIL" and not value:
        return settings.DEFAULT_FROM_EMAIL
    return value
