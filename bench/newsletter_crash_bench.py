"""Newsletter exactly once across crashes (issue 11, finding 2): kill -9 at random points of a
2,000-recipient send, then count who got the issue.

Real processes as in the Procfile: the scheduler (`run_scheduler`, reconcile pass every minute)
and a `mail` worker under scripts/keep-running.sh (restarted one second after it dies), with the
production defaults of the newsletter (lease renewed every 5 s, expired after 30 s), against a
Redis of the bench's own (port 6382) and a fake Mailgun on 127.0.0.1 that records every accepted
recipient and answers each of its 40 API calls after 0.2 s. Each trial kills, at a random moment
of the send, either the whole worker (SimpleWorker: the job runs in it) or only the job's process
(RQ's forking worker), alternately. Printed per trial: when it was killed, how long until the
ESP received the next call (resumed), how long until the sending said "sent", and the recipients
lost (never accepted by the ESP) and duplicated (accepted twice); then the totals.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_i11r \
    .venv/bin/python bench/newsletter_crash_bench.py [--trials 10] [--recipients 2000]
"""

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
REDIS_PORT = 6382
sys.path.insert(0, str(PROJECT_DIR))
os.environ["REDIS_URL"] = f"redis://127.0.0.1:{REDIS_PORT}/0"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from portal.demo.home import ensure_home_pages  # noqa: E402
from subscriptions.models import Delivery, Sending  # noqa: E402
from subscriptions.newsletter import sending  # noqa: E402
from tests.faults.test_processes import children  # noqa: E402
from tests.newsletter.fake_esp import FakeMailgun  # noqa: E402

sys.path.insert(0, str(PROJECT_DIR / "bench"))
from newsletter_bench import clean, make_issue, make_subscribers  # noqa: E402


def start(command, environment, log):
    return subprocess.Popen(
        command,
        cwd=PROJECT_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def trial(number, fake, worker_class, recipients, environment, folder):
    clean()
    make_subscribers(recipients)
    issue = make_issue(recipients)
    expected = sending.recipients(issue).count()
    fake.calls.clear()
    log = open(folder / f"trial-{number}.log", "w")
    processes = [
        start([sys.executable, "manage.py", "run_scheduler"], environment, log),
        start(
            ["scripts/keep-running.sh", sys.executable, "manage.py", "rqworker", "mail"]
            + ["--worker-class", worker_class],
            environment,
            log,
        ),
    ]
    try:
        time.sleep(3)
        sending.request(issue)
        while not fake.calls:
            time.sleep(0.05)
        time.sleep(random.uniform(0, 40 * fake.delay))  # somewhere in the send
        pythons = sorted(
            pid for pid, command in children(processes[1].pid).items() if "rqworker" in command
        )
        victim = pythons[-1] if worker_class.endswith("PortalWorker") else pythons[0]
        calls_before = len(fake.calls)
        os.kill(victim, signal.SIGKILL)
        killed = time.monotonic()
        resumed = None
        while not Sending.objects.filter(issue=issue, status=Sending.Status.DONE).exists():
            if resumed is None and len(fake.calls) > calls_before:
                resumed = time.monotonic() - killed
            if time.monotonic() - killed > 600:
                raise SystemExit(f"trial {number}: not finished after 10 minutes")
            time.sleep(0.1)
        done = time.monotonic() - killed
        resumed = done if resumed is None else resumed  # killed after its last call
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            process.wait(30)
        log.close()
    accepted = fake.recipients()
    return {
        "trial": number,
        "victim": "job process" if worker_class.endswith("PortalWorker") else "worker",
        "killed_after_call": calls_before,
        "resumed_s": resumed,
        "done_s": done,
        "lost": expected - len(set(accepted)),
        "duplicated": len(accepted) - len(set(accepted)),
        "unconfirmed": Delivery.objects.filter(issue=issue, status="unconfirmed").count(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=10)
    parser.add_argument("--recipients", type=int, default=2000)
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="newsletter-crash-"))
    redis = subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--save", ""]
        + ["--appendonly", "yes", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )
    rows = []
    try:
        time.sleep(1)
        call_command("migrate", verbosity=0)
        ensure_home_pages()
        with FakeMailgun(delay=0.2, keep_bodies=False) as fake:
            environment = dict(
                os.environ,
                DJANGO_SETTINGS_MODULE="newsletter_crash_settings",
                PYTHONPATH=str(PROJECT_DIR / "bench"),
                ANYMAIL_ESP="mailgun",
                ANYMAIL_MAILGUN_API_KEY="key-bench",
                ANYMAIL_MAILGUN_API_URL=fake.url,
                RESTART_DELAY="1",
            )
            environment.pop("EMAIL_BACKEND", None)
            for number in range(1, arguments.trials + 1):
                worker_class = (
                    "rq.worker.SimpleWorker" if number % 2 else "portal.worker.PortalWorker"
                )
                row = trial(number, fake, worker_class, arguments.recipients, environment, folder)
                rows.append(row)
                print(row, flush=True)
    finally:
        clean()
        redis.terminate()
        redis.wait(10)
    print(f"\n{arguments.recipients:,} recipients per send, logs in {folder}\n")
    print("| trial | killed | after ESP call | resumed after | sent after | lost | duplicated |")
    print("|---:|---|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['trial']} | {row['victim']} | {row['killed_after_call']} | "
            f"{row['resumed_s']:.0f} s | {row['done_s']:.0f} s | {row['lost']} | "
            f"{row['duplicated']} |"
        )
    print(
        f"| total | {len(rows)} kills | | max {max(r['resumed_s'] for r in rows):.0f} s | "
        f"max {max(r['done_s'] for r in rows):.0f} s | {sum(r['lost'] for r in rows)} | "
        f"{sum(r['duplicated'] for r in rows)} |"
    )


if __name__ == "__main__":
    main()
