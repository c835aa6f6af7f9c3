"""Periodic jobs, enqueued by RQ's cron scheduler: `python manage.py rqcron portal.cron`.

One line per job. Each app keeps the job itself in its own `jobs.py`.
"""

from rq.cron import register

from media_library.downloads.notifications import (
    delete_unused_partial_renditions,
    send_ready_notifications,
)
from media_library.jobs import requeue_stale_work
from news.jobs import publish_scheduled_pages
from portal.jobs import record_heartbeat
from subscriptions.newsletter.jobs import start_due_sendings

for _queue in ("default", "media", "mail"):
    register(record_heartbeat, queue_name=_queue, kwargs={"queue": _queue}, interval=60)

# Embargoes end on time: scheduled pages (go_live_at) are published within a minute.
register(publish_scheduled_pages, queue_name="default", interval=60)

# Video work is never lost: uploads made while Redis was down, and renditions whose worker was
# killed, are enqueued again (media_library/jobs.py explains how).
register(requeue_stale_work, queue_name="media", interval=60)

# "E-mail me the link when it is ready" (media_library/downloads/notifications.py), and partial
# clips nobody asked for in MEDIA_LIBRARY_PARTIAL_KEEP_DAYS days are deleted (full-length ones
# stay).
register(send_ready_notifications, queue_name="mail", interval=60)
register(delete_unused_partial_renditions, queue_name="media", interval=24 * 3600)

# Newsletters: scheduled sendings start on time, and a sending whose worker died is resumed
# (subscriptions/newsletter/sending.py explains why nobody gets an issue twice).
register(start_due_sendings, queue_name="mail", interval=60)
