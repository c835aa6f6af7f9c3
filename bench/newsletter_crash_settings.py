"""Settings of the processes bench/newsletter_crash_bench.py starts: one machine's settings with
the newsletter's production defaults (lease, reconcile pass), Anymail's Mailgun backend aimed at
the fake Mailgun, and 50 recipients per API call so that a 2,000-recipient send has 40 calls to
be killed in the middle of."""

from portal.settings.dev import *  # noqa: F403

NEWSLETTER_ESP_BATCH_SIZE = 50
