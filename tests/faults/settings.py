"""Settings of the processes the fault tests start (gunicorn, rqworker, the scheduler): the
newsletter tests' worker settings (test database, e-mail to the fake ESP named in the
environment), with the page cache on and the periodic passes shortened so that a test sees
them within seconds instead of minutes."""

import os
from datetime import timedelta

from tests.newsletter.worker_settings import *  # noqa: F403

PAGE_CACHE_SECONDS = 600
RECONCILE_EVERY = int(os.environ.get("FAULTS_RECONCILE_EVERY", "2"))
NEWSLETTER_HEARTBEAT_EVERY = 1
NEWSLETTER_LEASE_EXPIRES = timedelta(seconds=int(os.environ.get("FAULTS_LEASE_EXPIRES", "4")))
NEWSLETTER_RECONCILE_SETTLE = timedelta(seconds=1)
