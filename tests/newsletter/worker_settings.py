"""Settings of an rqworker subprocess started by the newsletter tests: the test settings, with
the e-mail backend and Anymail settings the test passes through the environment (the real
Mailgun backend pointed at the fake ESP)."""

import json
import os

from portal.settings.test import *  # noqa: F403

EMAIL_BACKEND = os.environ.get("NEWSLETTER_TEST_EMAIL_BACKEND", EMAIL_BACKEND)  # noqa: F405
ANYMAIL = json.loads(os.environ.get("NEWSLETTER_TEST_ANYMAIL", "{}")) or ANYMAIL  # noqa: F405

NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_TEST_BATCH_SIZE", "200"))
NEWSLETTER_ESP_BATCH_SIZE = NEWSLETTER_BATCH_SIZE
