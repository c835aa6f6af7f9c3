"""Account figures (issue 5): can the password reset page tell known from unknown addresses?

1. the reset request's response time, status, redirect and e-mail count for an address with an
   account against one without (alternating, N each, medians and spread);
2. the database queries of each;
3. the odds of guessing a reset code: alphabet, length, wrong tries allowed per code, codes per
   address per hour (from the settings in force).

Run with a PostgreSQL and a Redis of your own (the bench creates and drops its test database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_accounts \
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/accounts_bench.py [--rounds 40]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core import mail  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402


def request_reset(email):
    cache.clear()  # rate limits would answer instead of the page being measured
    client = Client()
    sent = len(mail.outbox)
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.post("/en/accounts/password/reset/", {"email": email})
        elapsed = time.perf_counter() - start
    return (
        elapsed,
        response.status_code,
        response.get("Location"),
        len(mail.outbox) - sent,
        len(queries),
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()

    setup_test_environment()
    settings.EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
    mail.outbox = []
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from allauth.account.models import EmailAddress
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user(
            email="known@example.org", password=None, language="en"
        )
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
        request_reset("warm-up@example.org")
        request_reset("known@example.org")
        assert "password reset code" in mail.outbox[-1].subject, mail.outbox[-1].subject
        results = {"known": [], "unknown": []}
        for number in range(args.rounds):
            results["known"].append(request_reset("known@example.org"))
            results["unknown"].append(request_reset(f"nobody{number}@example.org"))

        print(f"password reset request, {args.rounds} each, alternating (Anymail test backend)")
        print(
            f"{'address':<10}{'median ms':>10}{'p10 ms':>9}{'p90 ms':>9}  status  redirect"
            "                              e-mails  queries"
        )
        for kind, rows in results.items():
            times = sorted(row[0] * 1000 for row in rows)
            decile = max(1, len(times) // 10)
            statuses = {row[1] for row in rows}
            redirects = {row[2] for row in rows}
            mails = {row[3] for row in rows}
            queries = sorted({row[4] for row in rows})
            print(
                f"{kind:<10}{statistics.median(times):>10.1f}{times[decile - 1]:>9.1f}"
                f"{times[-decile]:>9.1f}  {statuses}   {redirects}  {mails}      {queries}"
            )

        from allauth.account import app_settings
        from allauth.core.internal.cryptokit import _ALPHA_ALLOWED_CHARS

        code_format = app_settings.PASSWORD_RESET_BY_CODE_FORMAT
        space = len(_ALPHA_ALLOWED_CHARS) ** code_format["length"]
        tries = app_settings.PASSWORD_RESET_BY_CODE_MAX_ATTEMPTS
        per_hour = app_settings.RATE_LIMITS["reset_password"]
        print(
            f"reset code: {code_format['length']} of {len(_ALPHA_ALLOWED_CHARS)} letters "
            f"({_ALPHA_ALLOWED_CHARS}) = {space:,} codes; {tries} wrong tries per code; "
            f"code requests limited to {per_hour!r}; lifetime "
            f"{app_settings.PASSWORD_RESET_BY_CODE_TIMEOUT // 60} min"
        )
        print(f"chance that one code is guessed within its tries: 1 in {space // tries:,}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
