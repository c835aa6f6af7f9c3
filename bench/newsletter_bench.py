"""Newsletter figures (issue 6): sending one issue to 10,000 and 100,000 subscribers.

A real `rqworker` (the production command, forking work-horse) sends through Anymail's real
Mailgun backend, configured the production way (ANYMAIL_ESP=mailgun and ANYMAIL_MAILGUN_*
environment variables), to a fake Mailgun on 127.0.0.1 (tests/newsletter/fake_esp.py) that
answers each API call as Mailgun does. Printed for each size: the sending job's duration (RQ's
started/ended times: snapshot of the recipients, then every batch handed to the ESP and
recorded), the part of it spent on the snapshot, the worker's wall time including its start-up,
the ESP API calls (and per 10,000 recipients), and the worker's peak memory
(max RSS of the worker and its work-horse, from wait4).

Run with a PostgreSQL database and a Redis database of your own (the bench deletes the
subscribers and issues it created before, all named bench-...):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_newsletter \
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/newsletter_bench.py \
    [--sizes 10000 100000]
"""

import argparse
import datetime
import itertools
import os
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DEBUG"] = "false"  # no query log growing in memory

import django  # noqa: E402

django.setup()

import django_rq  # noqa: E402
from django.core.management import call_command  # noqa: E402
from wagtail.models import Locale  # noqa: E402

from subscriptions.models import Delivery, NewsletterIssue, Sending, Subscriber  # noqa: E402
from subscriptions.newsletter import sending  # noqa: E402
from tests.newsletter.fake_esp import FakeMailgun  # noqa: E402

CHUNK = 5000


def clean():
    issues = NewsletterIssue.objects.filter(subject__startswith="bench-")
    Delivery.objects.filter(issue__in=issues).delete()
    Sending.objects.filter(issue__in=issues).delete()
    issues.delete()
    Subscriber.objects.filter(email__startswith="bench-").delete()


def make_subscribers(count):
    numbers = iter(range(count))
    while chunk := list(itertools.islice(numbers, CHUNK)):
        Subscriber.objects.bulk_create(
            [
                Subscriber(
                    email=f"bench-{n}@example.org",
                    language="fr",
                    status=Subscriber.Status.SUBSCRIBED,
                )
                for n in chunk
            ]
        )


def make_issue(count):
    issue = NewsletterIssue(
        locale=Locale.objects.get(language_code="fr"),
        subject=f"bench-{count}",
        introduction="Les nouvelles de la semaine, en quelques lignes. " * 4,
        items=[
            (
                "link",
                {
                    "title": f"Élément {n}",
                    "summary": "Un résumé de deux phrases. Le lien mène au détail. " * 2,
                    "url": f"https://example.org/item-{n}",
                },
            )
            for n in range(8)
        ],
    )
    issue.save()
    issue.save_revision().publish()
    return issue


def run_worker(fake):
    environment = dict(
        os.environ,
        ANYMAIL_ESP="mailgun",
        ANYMAIL_MAILGUN_API_KEY="key-bench",
        ANYMAIL_MAILGUN_API_URL=fake.url,
    )
    environment.pop("EMAIL_BACKEND", None)
    started = time.perf_counter()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "--burst", "mail"],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _pid, status, usage = os.wait4(worker.pid, 0)
    worker.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.perf_counter() - started
    if worker.returncode != 0:
        raise SystemExit(worker.stderr.read().decode()[-3000:])
    return elapsed, usage.ru_maxrss / 1024  # KiB -> MiB


def finished_job():
    registry = django_rq.get_queue("mail").finished_job_registry
    jobs = [registry.get_queue().fetch_job(job_id) for job_id in registry.get_job_ids()]
    return max((job for job in jobs if job), key=lambda job: job.ended_at)


def measure(count):
    clean()
    make_subscribers(count)
    issue = make_issue(count)
    expected = sending.recipients(issue).count()  # the bench's, and any other French subscriber
    django_rq.get_queue("mail").empty()
    with FakeMailgun(keep_bodies=False) as fake:
        sending.request(issue)  # queued at once (autocommit)
        worker_seconds, peak_mib = run_worker(fake)
    record = Sending.objects.get(issue=issue)
    assert record.status == Sending.Status.DONE, record.status
    recipients = fake.recipients()
    assert len(recipients) == len(set(recipients)) == expected, "missing or duplicate recipients"
    assert Delivery.objects.filter(issue=issue, status="sent").count() == expected
    job = finished_job()
    started = job.started_at.replace(tzinfo=datetime.UTC)
    job_seconds = (job.ended_at.replace(tzinfo=datetime.UTC) - started).total_seconds()
    snapshot_seconds = (record.snapshot_at - started).total_seconds()
    count = expected
    return {
        "recipients": count,
        "job_s": job_seconds,
        "snapshot_s": snapshot_seconds,
        "worker_s": worker_seconds,
        "calls": len(fake.calls),
        "calls_per_10k": len(fake.calls) * 10_000 / count,
        "rate": count / job_seconds,
        "peak_mib": peak_mib,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    arguments = parser.parse_args()
    call_command("migrate", verbosity=0)
    from portal.demo.home import ensure_home_pages

    ensure_home_pages()
    rows = [measure(count) for count in arguments.sizes]
    clean()
    print(
        "| recipients | send → done (job) | of which snapshot | worker wall time | "
        "ESP API calls | calls / 10,000 | recipients / s | peak worker RSS |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['recipients']:,} | {row['job_s']:.1f} s | {row['snapshot_s']:.1f} s | "
            f"{row['worker_s']:.1f} s | {row['calls']} | {row['calls_per_10k']:.0f} | "
            f"{row['rate']:,.0f} | {row['peak_mib']:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
