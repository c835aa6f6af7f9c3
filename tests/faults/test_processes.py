"""Finding 1 (processes) and finding 4 (queues): under scripts/run-portal.sh `rqcron` died in a
Redis outage and honcho then stopped web and worker; one worker on every queue, and heartbeats
sent as jobs, made a long encode look like dead workers.

Real processes: the portal's worker class, its scheduler, honcho with the Procfile, against a
Redis of the test's own."""

import json
import os
import signal
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

import pytest
import requests
from django.utils import timezone
from rq import Queue

from portal.models import WorkerHeartbeat
from portal.scheduler import PortalCronScheduler
from portal.worker import WORKER_TTL
from subscriptions.models import Delivery, Sending
from tests.conftest import PROJECT_DIR
from tests.newsletter.conftest import make_subscribers
from tests.newsletter.fake_esp import FakeMailgun

from .conftest import WEB_PORTS, free_port, log_of, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PROCESSES = ("web", "worker-media", "worker-mail", "clock")
OUTAGE_SECONDS = int(os.environ.get("FAULTS_OUTAGE_SECONDS", "20"))


def run_code(code, environment):
    """Run Django code in another process (one that sees the test's own Redis)."""
    done = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def mail_environment(fake):
    return {
        "NEWSLETTER_TEST_EMAIL_BACKEND": "anymail.backends.mailgun.EmailBackend",
        "NEWSLETTER_TEST_ANYMAIL": json.dumps(fake.anymail_settings()),
        "NEWSLETTER_TEST_BATCH_SIZE": "10",
    }


def children(pid):
    """{pid: command line} of the processes started by `pid`, at any depth."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if stat[0] not in {"Z", "X"}:
                parents.setdefault(int(stat[1]), []).append((int(entry.name), command))
    found, todo = {}, [pid]
    while todo:
        for child, command in parents.get(todo.pop(), []):
            found[child] = command
            todo.append(child)
    return found


def test_workers_and_the_scheduler_carry_on_after_a_redis_outage(
    own_redis, processes, issue_factory
):
    make_subscribers(5, "fr")
    issue = issue_factory("fr")
    with FakeMailgun() as fake:
        mail = mail_environment(fake)
        worker = processes.manage("worker", "rqworker", "mail", "default", **mail)
        scheduler = processes.manage("scheduler", "run_scheduler", **mail)
        wait_for(lambda: "Reconcile pass" in log_of(scheduler), message=log_of(scheduler))
        wait_for(lambda: WorkerHeartbeat.objects.filter(queue="mail").exists())

        own_redis.stop()
        environment = processes.environment(**mail)
        # Work asked for during the outage: recorded, not lost, no error.
        run_code(
            "from subscriptions.newsletter import service\n"
            "service.subscribe('during-outage@example.org', 'fr')\n",
            environment,
        )
        run_code(
            "from subscriptions.models import NewsletterIssue\n"
            "from subscriptions.newsletter import sending\n"
            f"sending.request(NewsletterIssue.objects.get(pk={issue.pk}))\n",
            environment,
        )
        time.sleep(OUTAGE_SECONDS)
        assert worker.poll() is None, log_of(worker)
        assert scheduler.poll() is None, log_of(scheduler)
        before = timezone.now()
        own_redis.start()

        # Without a restart: the scheduler hands the recorded work over, the worker does it.
        wait_for(
            lambda: Sending.objects.filter(issue=issue, status=Sending.Status.DONE).exists(),
            timeout=60,
            message=log_of(worker) + log_of(scheduler),
        )
        wait_for(lambda: "during-outage@example.org" in fake.recipients(), timeout=30)
        assert worker.poll() is None and scheduler.poll() is None
        # an idle worker beats at least every WORKER_TTL - 15 s (portal/worker.py)
        wait_for(
            lambda: WorkerHeartbeat.objects.filter(queue="mail", last_seen__gt=before).exists(),
            timeout=WORKER_TTL,
        )
    recipients = fake.recipients()
    assert recipients.count("during-outage@example.org") == 1
    newsletter = [address for address in recipients if address.startswith("reader")]
    assert sorted(newsletter) == sorted(f"reader{n}@example.org" for n in range(5))
    assert Delivery.objects.filter(issue=issue, status=Delivery.Status.SENT).count() == 5


def test_one_process_dying_does_not_stop_the_others(own_redis, processes, home_pages):
    port = free_port(WEB_PORTS)
    honcho = processes(
        "honcho",
        [
            str(PROJECT_DIR / ".venv/bin/honcho"),
            "start",
            "web",
            "worker-media",
            "worker-mail",
            "clock",
        ],
        WEB_PORT=str(port),
        RESTART_DELAY="1",
    )
    base = f"http://127.0.0.1:{port}"

    def process_running(fragment):
        found = [
            pid
            for pid, command in children(honcho.pid).items()
            if fragment in command and "keep-running" not in command
        ]
        return found[0] if found else None

    def replaced(fragment, first):
        return process_running(fragment) not in (None, first)

    def web_answers():
        try:
            return requests.get(base + "/healthz", timeout=5).status_code == 200
        except requests.RequestException:
            return False

    wait_for(web_answers, timeout=90, message=log_of(honcho))
    for fragment in ("rqworker media", "rqworker mail default", "run_scheduler"):
        first = wait_for(partial(process_running, fragment), message=log_of(honcho))
        os.kill(first, signal.SIGKILL)
        wait_for(partial(replaced, fragment, first), timeout=30, message=log_of(honcho))
        assert honcho.poll() is None, log_of(honcho)
        assert web_answers()
    assert "starting it again" in log_of(honcho)

    os.killpg(honcho.pid, signal.SIGTERM)  # and a stop asked for stops everything
    honcho.wait(30)
    assert not children(honcho.pid)


def test_a_busy_worker_keeps_beating_and_periodic_jobs_never_wait_behind_an_encode(
    own_redis, processes
):
    periodic = PortalCronScheduler()
    periodic.load_config_from_file("portal.cron")
    assert periodic.get_jobs()
    assert {job.queue_name for job in periodic.get_jobs()} <= {"default", "mail"}

    worker = processes.manage("worker-media", "rqworker", "media")
    wait_for(lambda: WorkerHeartbeat.objects.filter(queue="media").exists(), timeout=30)
    queue = Queue("media", connection=own_redis.client())
    queue.enqueue("time.sleep", 25, job_timeout=60)  # like an encode that prints nothing
    wait_for(lambda: queue.started_job_registry.count == 1, timeout=30)
    started = timezone.now()
    time.sleep(22)
    beat = WorkerHeartbeat.objects.get(queue="media")
    assert beat.last_seen > started, log_of(worker)
    assert queue.started_job_registry.count == 1  # still busy
