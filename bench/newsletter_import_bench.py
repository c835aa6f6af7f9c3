"""Subscriber import figures (issue 12): a CSV of 10,000 and 50,000 addresses, a fifth of them
already on the list, imported the way the admin's import view does it (the view only reads the
upload and calls `importing.import_file`).

Printed per size and mode (consent given: subscribed at once; no consent: asked to confirm,
one outbox entry and mail job per 200 addresses): the time to check and import the file, the
database queries, and the outbox entries recorded.

Run with a PostgreSQL database and a Redis database of your own (the bench deletes the
subscribers it created before, all named bench-import-...@example.org, and empties the mail
queue of that Redis database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_i12n \
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/newsletter_import_bench.py \
    [--sizes 10000 50000]
"""

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

import django_rq  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from resilience.models import OutboxEntry  # noqa: E402
from subscriptions.models import Subscriber  # noqa: E402
from subscriptions.newsletter import importing  # noqa: E402

PREFIX = "bench-import-"


def clean():
    Subscriber.objects.filter(email__startswith=PREFIX).delete()
    OutboxEntry.objects.filter(function__endswith="send_subscription_mails").delete()
    django_rq.get_queue("mail").empty()


def csv_file(size):
    lines = ["email;langue"]
    lines += [
        f"{PREFIX}{number}@example.org;{'fr' if number % 3 else 'en'}" for number in range(size)
    ]
    return "\n".join(lines).encode()


def run(size, consent_given):
    clean()
    Subscriber.objects.bulk_create(
        [
            Subscriber(email=f"{PREFIX}{number}@example.org", status="subscribed")
            for number in range(0, size, 5)
        ]
    )
    queries = []
    outbox_before = OutboxEntry.objects.count()
    with connection.execute_wrapper(lambda execute, *args: queries.append(1) or execute(*args)):
        started = time.perf_counter()
        outcome = importing.import_file(
            csv_file(size),
            source="bench",
            consent_date=datetime.date(2026, 5, 12),
            consent_given=consent_given,
            default_language="fr",
        )
        elapsed = time.perf_counter() - started
    assert not outcome.errors, outcome.errors[:3]
    mode = "consent given" if consent_given else "double opt-in"
    print(
        f"{size:>7} lines, {mode:<13}: {elapsed:6.2f} s ({size / elapsed:,.0f} lines/s), "
        f"{len(queries)} queries, {outcome.subscribed} subscribed, "
        f"{outcome.asked_to_confirm} asked to confirm, {outcome.already_subscribed} already, "
        f"{OutboxEntry.objects.count() - outbox_before} outbox entries"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    arguments = parser.parse_args()
    call_command("migrate", verbosity=0)
    try:
        for size in arguments.sizes:
            for consent_given in (True, False):
                run(size, consent_given)
    finally:
        clean()


if __name__ == "__main__":
    main()
