"""A real rqworker, killed (SIGKILL) in the middle of a sending, then another one: every
subscriber gets the issue once, none twice."""

import json
import os
import signal
import subprocess
import sys
from datetime import timedelta

import pytest

from subscriptions.models import Delivery, Sending
from subscriptions.newsletter import sending
from tests.conftest import PROJECT_DIR, worker_environment

from .conftest import make_subscribers
from .fake_esp import FakeMailgun

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def start_worker(fake):
    environment = worker_environment()
    environment.update(
        DJANGO_SETTINGS_MODULE="tests.newsletter.worker_settings",
        NEWSLETTER_TEST_EMAIL_BACKEND="anymail.backends.mailgun.EmailBackend",
        NEWSLETTER_TEST_ANYMAIL=json.dumps(fake.anymail_settings()),
        NEWSLETTER_TEST_BATCH_SIZE="10",
    )
    return subprocess.Popen(
        # SimpleWorker runs the job in the worker process itself: killing it kills the job.
        [
            sys.executable,
            "manage.py",
            "rqworker",
            "--burst",
            "--worker-class",
            "rq.worker.SimpleWorker",
            "mail",
        ],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_a_worker_killed_mid_send_is_resumed_without_duplicates(issue_factory, settings):
    make_subscribers(60, "fr")
    issue = issue_factory("fr")

    with FakeMailgun(hold_after=3) as fake:
        sending.request(issue)  # queued on commit (this test commits)
        worker = start_worker(fake)
        try:
            assert fake.holding.wait(120), "the worker never reached its fourth batch"
            os.kill(worker.pid, signal.SIGKILL)  # mid-call: the ESP has the 4th batch
            worker.wait(30)
        finally:
            if worker.poll() is None:
                worker.kill()
        fake.release.set()

        counts = sending.progress(issue)
        assert counts[Delivery.Status.SENT] == 30
        assert counts[Delivery.Status.CLAIMED] == 10
        assert counts[Delivery.Status.QUEUED] == 20
        assert Sending.objects.get(issue=issue).status == Sending.Status.SENDING

        settings.NEWSLETTER_STALLED_AFTER = timedelta(0)
        assert sending.start_due() == [issue.pk]  # the periodic job finds it stalled
        resumed = start_worker(fake)
        output, _ = resumed.communicate(timeout=180)
        assert resumed.returncode == 0, output[-3000:]

    recipients = fake.recipients()
    assert len(recipients) == 60
    assert len(set(recipients)) == 60, "someone received the issue twice"
    counts = sending.progress(issue)
    assert counts[Delivery.Status.SENT] == 50
    # The batch in flight when the worker died reached the ESP, but the worker could not know:
    # it is never sent again, and shown as such.
    assert counts[Delivery.Status.UNCONFIRMED] == 10
    assert Sending.objects.get(issue=issue).status == Sending.Status.DONE
