"""The fault suite: a Redis server of its own (stopped and started by the tests), and the
portal's real processes (gunicorn, rqworker, the scheduler, honcho) started against it and
against the test database."""

import os
import shutil
import socket
import subprocess
import sys

import pytest
import redis
from django.core.cache.backends.db import DatabaseCache

from resilience.cache import FALLBACK_TABLE
from tests.conftest import PROJECT_DIR, worker_environment
from tests.newsletter.conftest import issue_factory, run_mail_jobs  # noqa: F401  (fixtures)
from tests.processes import wait_for

# This suite's own Redis servers, never the shared one: a range per xdist worker. A test that
# stops its Redis frees the port for the outage's length; with one range for every worker, a
# test running beside it took that port, and the first test's processes read the other test's
# data when they reconnected.
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_PORTS = range(6381 + 3 * _WORKER, 6381 + 3 * _WORKER + 3)
WEB_PORTS = range(8130, 8140)


def free_port(ports):
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {ports}")


class OwnRedis:
    """A redis-server on a port of this suite, with its data kept on disk across a stop (as a
    production Redis keeps it): stopping it is an outage, not a loss of data."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port(REDIS_PORTS)
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.folder),
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, message="redis-server did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait(10)
        assert not self.answers()

    def answers(self):
        try:
            return redis.Redis.from_url(self.url, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def client(self):
        return redis.Redis.from_url(self.url)


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    if server.process.poll() is None:
        server.process.terminate()
        server.process.wait(10)


@pytest.fixture
def processes(own_redis, tmp_path):
    """Start the portal's processes against `own_redis`; all are stopped at the end.

    Each test starts as a new deployment would, with the database's cache empty: the table is
    not one of the models' tables the test database empties, and processes stopped during an
    earlier test's outage may have left entries there."""
    DatabaseCache(FALLBACK_TABLE, {}).clear()
    started = []

    def environment(**extra):
        env = worker_environment()
        env.update(
            DJANGO_SETTINGS_MODULE="tests.faults.settings",
            REDIS_URL=own_redis.url,
            PORTAL_TEST_REDIS_SHIFTED="1",
            REDIS_RETRY_AFTER="1",
            PYTHONUNBUFFERED="1",
        )
        env.update(extra)
        return env

    def start(name, command, **extra):
        log = open(tmp_path / f"{name}.log", "w")
        process = subprocess.Popen(
            command,
            cwd=PROJECT_DIR,
            env=environment(**extra),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log_path = tmp_path / f"{name}.log"
        started.append(process)
        return process

    def manage(name, *arguments, **extra):
        return start(name, [sys.executable, "manage.py", *arguments], **extra)

    def web(**extra):
        port = free_port(WEB_PORTS)
        process = start(
            "web",
            [
                str(PROJECT_DIR / ".venv/bin/gunicorn"),
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--worker-class",
                "gthread",
                "--workers",
                "2",
                "--threads",
                "4",
            ],
            **extra,
        )
        process.url = f"http://127.0.0.1:{port}"
        wait_for(lambda: _answers(process.url), timeout=60, message="gunicorn did not start")
        return process

    start.manage = manage
    start.web = web
    start.environment = environment
    yield start
    for process in started:
        if process.poll() is None:
            os.killpg(process.pid, 15)
    for process in started:
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)


def _answers(url):
    try:
        with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1])), timeout=1):
            return True
    except OSError:
        return False


def log_of(process):
    return process.log_path.read_text()[-4000:]
