"""Finding 2: a worker killed (SIGKILL) in the middle of a sending resumed only after 15 minutes,
left the batch in flight "unconfirmed" (never sent, though the ESP had not always taken it), and
the sending said "sent".

Here real processes do the work: the scheduler and a worker run under the restart wrapper, as in
the Procfile, against the fake Mailgun (which keeps Mailgun's record of accepted messages). The
worker is killed while the ESP holds its answer to the 4th call, either the whole worker
(SimpleWorker: the job runs in it) or only the job's process (RQ's forking worker)."""

import os
import signal
import time

import pytest
from django.utils import translation

from subscriptions.models import Delivery, Sending
from subscriptions.newsletter import sending
from tests.newsletter.conftest import make_subscribers
from tests.newsletter.fake_esp import FakeMailgun

from .conftest import log_of, wait_for
from .test_processes import children, mail_environment, run_code

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def send_and_kill(issue, processes, worker_class, job_process_only=False):
    with FakeMailgun(hold_after=3) as fake:
        mail = mail_environment(fake)
        processes.manage("scheduler", "run_scheduler", **mail)
        worker = processes(
            "worker",
            ["scripts/keep-running.sh", ".venv/bin/python", "manage.py", "rqworker", "mail"]
            + ["--worker-class", worker_class],
            RESTART_DELAY="1",
            **mail,
        )
        run_code(
            "from subscriptions.models import NewsletterIssue\n"
            "from subscriptions.newsletter import sending\n"
            f"sending.request(NewsletterIssue.objects.get(pk={issue.pk}))\n",
            processes.environment(**mail),
        )
        assert fake.holding.wait(120), log_of(worker)
        pythons = sorted(
            pid for pid, command in children(worker.pid).items() if "rqworker" in command
        )
        victim = pythons[-1] if job_process_only else pythons[0]  # the job's process is the newest
        os.kill(victim, signal.SIGKILL)
        killed_at = time.monotonic()
        fake.release.set()  # the ESP had the 4th call, and answers a dead client
        done = wait_for(
            lambda: Sending.objects.filter(issue=issue, status=Sending.Status.DONE).exists(),
            timeout=60,
            message="the sending never finished",
        )
        assert done
        resumed_after = time.monotonic() - killed_at
        return fake.recipients(), resumed_after, log_of(worker)


@pytest.mark.parametrize(
    "worker_class, job_process_only",
    [("rq.worker.SimpleWorker", False), ("portal.worker.PortalWorker", True)],
    ids=["worker-killed", "job-process-killed"],
)
def test_a_killed_send_resumes_by_itself_and_everyone_gets_it_once(
    issue_factory, processes, worker_class, job_process_only
):
    make_subscribers(60, "fr")
    issue = issue_factory("fr")

    recipients, resumed_after, log = send_and_kill(issue, processes, worker_class, job_process_only)

    assert len(recipients) == 60, log
    assert len(set(recipients)) == 60, "someone received the issue twice"
    counts = sending.progress(issue)
    # The batch in flight reached the ESP: its record says so, and it is "sent", not guessed.
    assert counts[Delivery.Status.SENT] == 60
    assert counts[Delivery.Status.UNCONFIRMED] == 0
    # These processes' lease is 4 s and their reconcile pass every 2 s (tests/faults/settings.py);
    # with the production defaults (30 s, 60 s) see bench/newsletter_crash_bench.py.
    assert resumed_after < 30


def test_an_esp_that_cannot_be_asked_leaves_a_clear_report_not_sent(
    issue_factory, run_mail_jobs, django_capture_on_commit_callbacks, mailoutbox
):
    """Anymail's test backend, like most ESPs, has no list of accepted messages to ask."""
    make_subscribers(5, "fr")
    issue = issue_factory("fr")
    with django_capture_on_commit_callbacks(execute=True):
        sending.request(issue)
    record = Sending.objects.get(issue=issue)
    sending.snapshot(record)
    interrupted = list(Delivery.objects.filter(issue=issue).order_by("pk")[:2])
    Delivery.objects.filter(pk__in=[d.pk for d in interrupted]).update(
        status=Delivery.Status.CLAIMED
    )  # a run died during these calls

    assert run_mail_jobs() == [3]

    counts = sending.progress(issue)
    assert counts[Delivery.Status.SENT] == 3 and counts[Delivery.Status.UNCONFIRMED] == 2
    assert len(mailoutbox) == 3  # not sent again on a guess
    record.refresh_from_db()
    assert record.status == Sending.Status.UNRESOLVED
    with translation.override("en"):
        assert record.get_status_display() == "finished, some recipients unconfirmed"
    with translation.override("fr"):
        assert record.get_status_display() == "terminé, certains destinataires non confirmés"
    assert [d.email for d in sending.unconfirmed(issue)] == [d.email for d in interrupted]

    # Staff read the report and decide to send them again.
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.resend_unconfirmed(issue) == 2
    assert run_mail_jobs() == [2]
    assert len(mailoutbox) == 5
    assert Sending.objects.get(issue=issue).status == Sending.Status.DONE


def test_a_send_with_no_crash_is_done_by_one_run_holding_its_lease(issue_factory, settings):
    """The lease thread beats during slow ESP calls; nothing else may take the lease away."""
    make_subscribers(30, "fr")
    issue = issue_factory("fr")
    settings.NEWSLETTER_HEARTBEAT_EVERY = 0.1
    settings.NEWSLETTER_ESP_BATCH_SIZE = 10
    with FakeMailgun(delay=0.4) as fake:
        settings.EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
        settings.ANYMAIL = fake.anymail_settings()
        sending.request(issue)  # this test commits: the outbox hands the job to Redis
        assert sending.run(issue.pk) == 30
    record = Sending.objects.get(issue=issue)
    assert record.status == Sending.Status.DONE
    assert record.lease_holder == "" and record.heartbeat_at is None  # released
    assert len(fake.recipients()) == len(set(fake.recipients())) == 30
