"""Page cache figures (issue 15): what a cached page costs, and how many a server answers.

On the demo content (`load_demo_content`: press releases, videos with their renditions) in a
database of its own, with the page cache on (Redis), for the home page, the release index, a
release, the video index and a video page:

1. in-process, the cache's work per cached request: Redis round trips (commands sent) and SQL
   queries, whether the page came from the cache (`X-Page-Cache: hit`), and the CPU time one
   cached request costs Django (through its WSGI handler, without HTTP parsing: a figure
   other programs sharing the machine disturb less than requests per second);
2. under gunicorn, requests per second measured with wrk on loopback (anonymous, the page
   warmed first), and the share of answers that were hits.

Run with a PostgreSQL and a Redis of your own (the bench creates and drops the database
`<DATABASE_URL's name>_pagecache_bench`; the cached pages live in REDIS_URL's database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_pagecache \
    REDIS_URL=redis://127.0.0.1:6379/5 .venv/bin/python bench/page_cache_bench.py \
        [--port 8500] [--workers 4] [--threads 2] [--seconds 10] [--connections 16]
"""

import argparse
import io
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

CACHE_SECONDS = 600
CPU_ROUNDS = 1000


def page_paths():
    """The five public pages of the issue, in French (the source language of the demo)."""
    from wagtail.models import Locale

    from home.models import HomePage
    from media_library.models import VideoAsset
    from news.models import NewsIndexPage, PressReleasePage

    french = Locale.objects.get(language_code="fr")
    release = PressReleasePage.objects.live().filter(locale=french).order_by("-release_date")
    video = VideoAsset.objects.public().filter(locale=french).order_by("-pk").first()
    return {
        "home": HomePage.objects.live().get(locale=french).url,
        "release index": NewsIndexPage.objects.live().get(locale=french).url,
        "a release": release.first().url,
        "video index": "/fr/videos/",
        "a video page": video.get_url(),
    }


def cost_of_a_cached_request(client, path):
    """(Redis commands, SQL queries, X-Page-Cache) of the third anonymous request of `path`."""
    for _ in range(2):
        assert client.get(path).status_code == 200, path
    sent = []
    original = redis.Redis.execute_command

    def counting(self, *args, **options):
        sent.append(args[0])
        return original(self, *args, **options)

    redis.Redis.execute_command = counting
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
    finally:
        redis.Redis.execute_command = original
    return sent, len(queries), response.get("X-Page-Cache", "not cached")


def cpu_per_cached_request(path):
    """Microseconds of this process's CPU per anonymous request of `path` through Django's WSGI
    handler (the page stored already)."""
    handler = WSGIHandler()
    environ = RequestFactory()._base_environ(PATH_INFO=path, QUERY_STRING="")

    def one():
        body = handler({**environ, "wsgi.input": io.BytesIO()}, lambda status, headers: None)
        b"".join(body)
        body.close()

    one()
    start = time.process_time()
    for _ in range(CPU_ROUNDS):
        one()
    return (time.process_time() - start) / CPU_ROUNDS * 1e6


def serve(database_name, args):
    """gunicorn (gthread workers, keep-alive) on the given port; returns the process."""
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="false",
        PAGE_CACHE_SECONDS=str(CACHE_SECONDS),
        DATABASE_URL=re.sub(r"/[^/]*$", f"/{database_name}", os.environ["DATABASE_URL"]),
    )
    command = [
        sys.executable, "-m", "gunicorn", "portal.wsgi",
        "--workers", str(args.workers), "--threads", str(args.threads),
        "--worker-class", "gthread" if args.threads > 1 else "sync",
        "--bind", f"127.0.0.1:{args.port}", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=PROJECT_DIR, env=environment, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{args.port}/healthz", timeout=1)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start: " + process.stderr.read().decode()[-2000:])


def load(url, args):
    """(requests per second, median latency, requests timed out) of wrk against `url`."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "5s",
         "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Non-2xx" not in output, output
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    median = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE).group(1)
    timeouts = re.search(r"timeout (\d+)", output)
    return rate, median, int(timeouts.group(1)) if timeouts else 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=8500)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not settings.REDIS_URL:
        sys.exit("The page cache needs Redis: set REDIS_URL.")

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    settings.PAGE_CACHE_SECONDS = CACHE_SECONDS
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        settings.DATABASES["default"]["NAME"] + "_pagecache_bench"
    )
    database_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        call_command("load_demo_content", stdout=io.StringIO())
        paths = page_paths()
        client = Client()
        costs = {name: cost_of_a_cached_request(client, path) for name, path in paths.items()}
        cpu = {name: cpu_per_cached_request(path) for name, path in paths.items()}
        process = serve(database_name, args)
        try:
            throughput = {}
            for name, path in paths.items():
                url = f"http://127.0.0.1:{args.port}{path}"
                for _ in range(3):  # warm every worker's connections, store the page
                    urllib.request.urlopen(url, timeout=30).read()  # noqa: S310
                with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310
                    state = answer.headers.get("X-Page-Cache", "not cached")
                throughput[name] = (*load(url, args), state)
        finally:
            process.terminate()
            process.wait(timeout=30)
    finally:
        connection.creation.destroy_test_db(database_name, verbosity=0)

    print("\nCost of a cached request (in-process, third anonymous request of the page)\n")
    print("| page | path | Redis commands | SQL queries | X-Page-Cache | CPU per request |")
    print("|---|---|---|---:|---|---:|")
    for name, (sent, queries, state) in costs.items():
        commands = ", ".join(sent) or "none"
        print(
            f"| {name} | `{paths[name]}` | {len(sent)} ({commands}) | {queries} | {state} "
            f"| {cpu[name]:.0f} µs |"
        )
    worker = f"{args.workers} gthread workers x {args.threads} threads"
    if args.threads == 1:
        worker = f"{args.workers} sync workers"
    print(
        f"\nRequests per second with the page cache on: gunicorn {worker}, "
        f"wrk -t2 -c{args.connections} -d{args.seconds}s, {os.cpu_count()} CPUs\n"
    )
    print("| page | requests/s | median latency | timed out (5 s) | X-Page-Cache |")
    print("|---|---:|---:|---:|---|")
    for name, (rate, median, timeouts, state) in throughput.items():
        print(f"| {name} | {rate:,.0f} | {median} | {timeouts} | {state} |")


if __name__ == "__main__":
    main()
