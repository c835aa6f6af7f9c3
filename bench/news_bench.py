"""Press release figures (issue 3): do the public pages stay cheap as releases pile up?

1. SQL queries per request and median latency (in-process, page cache off) of the news index,
   a press release and the home page, with 10, 100, 1,000 and 10,000 releases;
2. requests per second under gunicorn (2 workers) measured with wrk on loopback, anonymous,
   with the page cache off and on, at the largest size.

Run with a PostgreSQL and a Redis of your own (the bench creates and drops its own database,
`<DATABASE_URL's name>_bench`; the page cache it uses lives in REDIS_URL's database):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_news \
    REDIS_URL=redis://127.0.0.1:6379/3 .venv/bin/python bench/news_bench.py [--sizes 10 100]

wrk comes from Debian (`apt-get install wrk`, done by `scripts/bootstrap.sh --dev`); without it
a bounded Python client (8 threads) stands in and the table says so.
"""

import argparse
import datetime
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
os.environ["DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ROUNDS = 15
WRK_SECONDS = 10
PAGES = ("news index", "press release", "home page")
TOPICS = [("climat", "Climat"), ("sante", "Santé"), ("eau", "Eau"), ("commerce", "Commerce")]


def build_site():
    from wagtail.models import Locale

    from news.models import NewsIndexPage, Topic
    from portal.demo.home import ensure_home_pages

    homes = ensure_home_pages()
    french = Locale.objects.get(language_code="fr")
    index = homes["fr"].add_child(
        instance=NewsIndexPage(title="Communiqués", slug="communiques", locale=french)
    )
    index.save_revision().publish()
    topics = [Topic.objects.create(locale=french, slug=s, name=n) for s, n in TOPICS]
    return index, topics


def add_releases(index, topics, count, already):
    """`count` published releases under the index, written straight to the tables (a Wagtail
    save per page would take an hour for 10,000); the pages are the same to read."""
    from wagtail.models import Page

    from news.models import PressReleasePage, PressReleaseTopic, RelatedRelease

    index.refresh_from_db()
    content_type = ContentType.objects.get_for_model(PressReleasePage)
    now = timezone.now()
    pages = []
    for offset in range(count):
        number = already + offset + 1
        slug = f"communique-{number}"
        pages.append(
            Page(
                title=f"Communiqué numéro {number} sur la coopération internationale",
                draft_title=f"Communiqué numéro {number}",
                slug=slug,
                path=Page._get_path(index.path, index.depth + 1, index.numchild + offset + 1),
                depth=index.depth + 1,
                numchild=0,
                url_path=f"{index.url_path}{slug}/",
                content_type=content_type,
                locale_id=index.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=now,
                last_published_at=now,
            )
        )
    Page.objects.bulk_create(pages, batch_size=1000)
    links, related = [], []
    for offset, page in enumerate(pages):
        number = already + offset + 1
        release_date = now - datetime.timedelta(hours=number)
        PressReleasePage(
            page_ptr_id=page.pk,
            standfirst="L'Organisation annonce une nouvelle étape de sa coopération.",
            release_date=release_date,
            place="Genève",
            reference=f"PR/CP({release_date.year}){number % 10000:04d}",
            body=[
                {"type": "paragraph", "value": "<p>Un paragraphe du communiqué.</p>"},
                {"type": "heading", "value": "Un intertitre"},
                {"type": "quote", "value": {"text": "Une citation.", "attribution": "A. D."}},
            ],
        ).save_base(raw=True, force_insert=True)
        links.append(PressReleaseTopic(page_id=page.pk, topic=topics[number % len(topics)]))
        if offset:
            related.append(RelatedRelease(page_id=page.pk, release_id=pages[offset - 1].pk))
    PressReleaseTopic.objects.bulk_create(links, batch_size=1000)
    RelatedRelease.objects.bulk_create(related, batch_size=1000)
    Page.objects.filter(pk=index.pk).update(numchild=index.numchild + count)


def page_urls():
    from news.models import PressReleasePage

    newest = PressReleasePage.objects.live().order_by("-release_date").first()
    return {"news index": "/fr/communiques/", "press release": newest.url, "home page": "/fr/"}


def measure(client, url):
    """(queries, median milliseconds) of ROUNDS anonymous requests after two warm-ups."""
    for _ in range(2):
        assert client.get(url).status_code == 200, url
    timings, queries = [], set()
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
        queries.add(len(captured))
    return max(queries), statistics.median(timings)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(database_name, cache_seconds):
    port = free_port()
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="false",
        PAGE_CACHE_SECONDS=str(cache_seconds),
        DATABASE_URL=re.sub(r"/[^/]*$", f"/{database_name}", os.environ["DATABASE_URL"]),
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=PROJECT_DIR, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310
            return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start: " + process.stderr.read().decode()[-2000:])


def requests_per_second(url):
    if shutil.which("wrk"):
        output = subprocess.run(
            ["wrk", "-t2", "-c8", f"-d{WRK_SECONDS}s", url],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        assert errors is None, output
        return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return python_client(url)


def python_client(url, threads=8):
    done, deadline = [], time.monotonic() + WRK_SECONDS

    def work():
        count = 0
        while time.monotonic() < deadline:
            with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
                response.read()
            count += 1
        done.append(count)

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(done) / WRK_SECONDS


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 10000])
    args = parser.parse_args()

    setup_test_environment()
    settings.PAGE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["*"]
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        settings.DATABASES["default"]["NAME"] + "_bench"
    )
    database_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        index, topics = build_site()
        client = Client()
        rows, total = [], 0
        for size in args.sizes:
            add_releases(index, topics, size - total, total)
            total = size
            urls = page_urls()
            rows.append((size, {name: measure(client, urls[name]) for name in PAGES}))
            print(f"measured {size} releases", file=sys.stderr)

        throughput = {}
        for cache_seconds in (0, 600):
            process, port = start_gunicorn(database_name, cache_seconds)
            try:
                for name in PAGES:
                    throughput[(name, cache_seconds)] = requests_per_second(
                        f"http://127.0.0.1:{port}{urls[name]}"
                    )
            finally:
                process.terminate()
                process.wait(timeout=30)
    finally:
        connection.creation.destroy_test_db(database_name, verbosity=0)

    print("\nSQL queries per request / median latency (in-process, page cache off)\n")
    print("| releases | " + " | ".join(PAGES) + " |")
    print("|---:|" + "---:|" * len(PAGES))
    for size, figures in rows:
        cells = [f"{figures[name][0]} q / {figures[name][1]:.1f} ms" for name in PAGES]
        print(f"| {size:,} | " + " | ".join(cells) + " |")
    tool = "wrk -t2 -c8" if shutil.which("wrk") else "Python client, 8 threads"
    print(
        f"\nRequests per second, gunicorn 2 workers, {tool}, {WRK_SECONDS} s each, "
        f"{total:,} releases, anonymous\n"
    )
    print("| page | page cache off | page cache on |")
    print("|---|---:|---:|")
    for name in PAGES:
        print(f"| {name} | {throughput[(name, 0)]:.0f} | {throughput[(name, 600)]:.0f} |")


if __name__ == "__main__":
    main()
