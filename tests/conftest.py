"""Shared fixtures: real services, home pages, and a real rqworker subprocess."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parent.parent


def pytest_configure(config):
    """In CI the suite fails, never skips, when a real service it tests is missing."""
    if os.environ.get("CI", "").lower() not in {"1", "true", "yes"}:
        return
    problems = []
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL must point at PostgreSQL in CI")
    if not os.environ.get("REDIS_URL"):
        problems.append("REDIS_URL must be set in CI")
    else:
        import redis

        try:
            redis.Redis.from_url(os.environ["REDIS_URL"], socket_timeout=2).ping()
        except redis.RedisError as error:
            problems.append(f"Redis at REDIS_URL does not answer: {error}")
    for program in ("ffmpeg", "ffprobe"):
        if shutil.which(program) is None:
            problems.append(f"{program} is not installed")
    if problems:
        raise pytest.UsageError("CI needs its real services: " + "; ".join(problems))


@pytest.fixture(autouse=True, scope="session")
def _empty_test_redis():
    """Start from empty queues: jobs left by an earlier run must not run in this one."""
    from django_rq import get_connection

    get_connection("default").flushdb()
    yield


@pytest.fixture(autouse=True)
def _new_content_generation():
    """What pages remember of the content (resilience/content_cache.py) belongs to the
    database of one test: each test's database is rolled back without a signal, so each
    test starts a generation of its own."""
    from redis.exceptions import RedisError

    from resilience import content_cache

    try:
        content_cache.start_new_generation()
    except RedisError:  # the tests of Redis outages: nothing is remembered then anyway
        pass


# Administrators' passwords must meet the password policy (User.objects.create_superuser).
ADMIN_PASSWORD = "Admin-Password-42!"


@pytest.fixture
def admin_user(db, django_user_model):
    """pytest-django's administrator (behind `admin_client`), with a password the portal's
    policy accepts: the default one ("password") is refused."""
    return django_user_model.objects.create_superuser(
        email="admin@example.com", password=ADMIN_PASSWORD
    )


@pytest.fixture
def home_pages(db, django_capture_on_commit_callbacks):
    """The French home page (the tree's source) and its English translation, published.

    wagtail-localize publishes translations on commit: the callbacks are run here."""
    from portal.demo.home import ensure_home_pages

    with django_capture_on_commit_callbacks(execute=True):
        return ensure_home_pages()


def worker_environment():
    """The environment of a subprocess that must see the test database and test Redis."""
    from django.db import connection

    environment = dict(os.environ)
    environment["DJANGO_SETTINGS_MODULE"] = "portal.settings.test"
    environment["PORTAL_TEST_DATABASE_NAME"] = str(connection.settings_dict["NAME"])
    return environment


@pytest.fixture
def run_worker():
    """Run a real `rqworker --burst` over the given queues until they are empty.

    Tests that use it need `@pytest.mark.django_db(transaction=True)`: the worker is another
    process and sees only committed rows.
    """

    def run(*queues, timeout=300):
        completed = subprocess.run(
            [sys.executable, "manage.py", "rqworker", "--burst", *(queues or ("default",))],
            cwd=PROJECT_DIR,
            env=worker_environment(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        assert completed.returncode == 0, completed.stderr[-3000:]
        return completed

    return run
