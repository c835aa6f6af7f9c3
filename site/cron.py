"""Periodic jobs, enqueued by the scheduler: `python manage.py run_scheduler`.

One line per job. Each app keeps the job itself in its own `jobs.py`. None of them goes to the
`media` queue: an encode can take hours, and nothing periodic may wait behind it. Taking back
lost work (the outbox, media rows whose worker died, stalled newsletter sendings) is not a job
here but the scheduler's own reconcile pass (portal/reconcile.py), run in its process.
Workers record their own heartbeats (portal/worker.py).
"""

from rq.cron import register

from media_library.downloads.notifications import send_ready_notifications
from media_library.jobs import delete_unused_partial_renditions, rerender_stale_renditions
from news.jobs import publish_scheduled_pages

# Embargoes end on time: scheduled pages (go_live_at) are published within a minute.
register(publish_scheduled_pages, queue_name="default", interval=60)

# A preset changed: its full-length renditions are queued again at once (the player and the
# download buttons keep the old file until the new one is in), not when someone next asks.
register(rerender_stale_renditions, queue_name="default", interval=60)

# "E-mail me the link when it is ready" (media_library/downloads/notifications.py), and partial
# clips nobody asked for in MEDIA_LIBRARY_PARTIAL_KEEP_DAYS days are deleted (media_library/jobs.py;
# full-length ones stay).
register(send_ready_notifications, queue_name="mail", interval=60)
register(delete_unused_partial_renditions, queue_name="default", interval=24 * 3600)
