"""Public pages figures (issues 3 and 15): do every public page stay cheap as the archive grows?

For each archive size (10, 1,000 and 10,000 French press releases; the demo's 4 videos at the
smallest size, 1,000 videos above it), every public page in French — home, the release index
and each of its filters (year, topic, search, page 2), a release with related releases and a
video block, the video index and its filters, a video's page, a content page, the accessibility
statement, the RSS feeds and the sitemap — is measured:

1. SQL queries per uncached request and median latency, in process (page cache off);
2. requests per second under gunicorn (2 sync workers, DEBUG off, page cache off), with wrk on
   loopback, anonymous.

With `--stock`, the comparable pages of a stock Wagtail site (bench/stock_wagtail/: a page tree
with a paginated index and StreamField detail pages, built with as many pages) are served the
same way, and the two are measured interleaved (portal, stock, portal, stock) at the largest size.

The archive starts from the demo content (`manage.py load_demo_content`: a release with a video
block and related releases, processed videos with captions, topics, content pages) kept to its
10 newest French releases, then grows with bulk inserts (a Wagtail save per page would take an
hour for 10,000; the pages are the same to read). The bench makes its own databases,
`<DATABASE_URL's name>_bench` (and `_bench_base`, the demo content, kept for the next run:
`--rebuild` makes it again) and `<name>_stock`; the cache lives in REDIS_URL's database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_perf \
    REDIS_URL=redis://127.0.0.1:6379/4 MEDIA_ROOT=/tmp/media-perf \
    .venv/bin/python bench/news_bench.py [--sizes 10 1000 10000] [--stock] [--port 8400]

wrk comes from Debian (`apt-get install wrk`, done by `scripts/bootstrap.sh --dev`); without it
a bounded Python client (8 threads) stands in and the table says so.
"""

import argparse
import datetime
import os
import re
import shutil
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
os.environ["PAGE_CACHE_SECONDS"] = "0"

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

ROUNDS = 10
WRK_SECONDS = 5
SMALLEST = 10
VIDEOS_ABOVE_SMALLEST = 1000
# Portal page -> the stock Wagtail page it compares with (bench/stock_wagtail/).
COMPARABLE = {
    "home": "home",
    "release index": "index",
    "release": "detail",
    "video index": "index",
    "video page": "detail",
}


# --- databases ------------------------------------------------------------------------------


def admin_connection():
    url = re.sub(r"/[^/]*$", "/postgres", os.environ["DATABASE_URL"])
    return psycopg.connect(url, autocommit=True)


def database_exists(name):
    with admin_connection() as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def recreate_database(name, template=None):
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        suffix = f' TEMPLATE "{template}"' if template else ""
        admin.execute(f'CREATE DATABASE "{name}"{suffix}')


def use_database(name):
    connections.close_all()
    settings.DATABASES["default"]["NAME"] = name
    connection.settings_dict["NAME"] = name


def database_url(name):
    return re.sub(r"/[^/]*$", f"/{name}", os.environ["DATABASE_URL"])


# --- the archive ----------------------------------------------------------------------------


def build_base(name):
    """The demo content, kept to its SMALLEST newest French releases (the one with the video
    block among them)."""
    from news.models import PressReleasePage

    recreate_database(name)
    use_database(name)
    call_command("migrate", verbosity=0)
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    french = PressReleasePage.objects.filter(locale__language_code="fr").order_by("-release_date")
    keep = {release.pk for release in french if has_video(release)}
    keep |= set(french.values_list("pk", flat=True)[: SMALLEST - len(keep)])
    for release in french.exclude(pk__in=keep):
        release.delete()
    connections.close_all()


def has_video(release):
    return any(block.block_type == "video" for block in release.body)


def french_index():
    from news.models import NewsIndexPage

    return NewsIndexPage.objects.get(locale__language_code="fr")


def add_releases(count):
    """`count` published releases under the French index, written straight to the tables."""
    from wagtail.models import Page

    from news.models import PressReleasePage, PressReleaseTopic, RelatedRelease, Topic

    index = french_index()
    topics = list(Topic.objects.filter(locale_id=index.locale_id))
    already = PressReleasePage.objects.child_of(index).count()
    oldest = PressReleasePage.objects.child_of(index).order_by("release_date").first()
    content_type = ContentType.objects.get_for_model(PressReleasePage)
    last = index.get_last_child()  # deleted demo releases leave gaps: after the last path
    start = Page._str2int(last.path[-Page.steplen :]) if last else 0
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
                path=Page._get_path(index.path, index.depth + 1, start + offset + 1),
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
        # older than every demo release, a few a day over the years before it
        release_date = oldest.release_date - datetime.timedelta(hours=6 * number)
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


def add_videos(count):
    """`count` published French videos, copies of a demo video's file and texts."""
    from wagtail.models import Collection

    from media_library.models import VideoAsset, VideoFile, VideoTopicLink
    from news.models import Topic

    model = VideoAsset.objects.filter(locale__language_code="fr").order_by("pk").first()
    topics = list(Topic.objects.filter(locale_id=model.locale_id))
    root = Collection.get_first_root_node()
    now = timezone.now()
    files = []
    for _ in range(count):
        copy = VideoFile.objects.get(pk=model.video_id)
        copy.pk = None
        files.append(copy)
    VideoFile.objects.bulk_create(files, batch_size=500)
    assets = [
        VideoAsset(
            title=f"Vidéo numéro {number}",
            description=model.description,
            credits=model.credits,
            video=video,
            locale_id=model.locale_id,
            translation_key=uuid.uuid4(),
            collection=root,
            live=True,
            first_published_at=now - datetime.timedelta(hours=number + 1),
            last_published_at=now,
        )
        for number, video in enumerate(files)
    ]
    VideoAsset.objects.bulk_create(assets, batch_size=500)
    VideoTopicLink.objects.bulk_create(
        [VideoTopicLink(asset=a, topic=topics[n % len(topics)]) for n, a in enumerate(assets)],
        batch_size=500,
    )


def analyse():
    """Refresh PostgreSQL's planner statistics after the bulk inserts, as autovacuum does on
    its own within a minute in production: measured straight after inserting 10,000 pages,
    the planner still believes the archive is 10 pages and sorts all of it for a page of 10
    rather than walking the release date index."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def page_urls():
    """Every public page, in French."""
    from home.models import ContentPage, PortalSettings
    from media_library.models import VideoAsset
    from news.models import PressReleasePage, Topic

    index = french_index()
    releases = PressReleasePage.objects.child_of(index).live().order_by("-release_date")
    release = next(r for r in releases[:SMALLEST] if has_video(r))
    topic = Topic.objects.filter(locale_id=index.locale_id).order_by("slug").first()
    video = VideoAsset.objects.filter(locale_id=index.locale_id).order_by("pk").first()
    portal = PortalSettings.objects.get()
    statement = portal.accessibility_page.localized
    terms = portal.terms_page.localized
    other = ContentPage.objects.filter(locale_id=index.locale_id).exclude(
        pk__in=[statement.pk, terms.pk]
    )
    content = other.first() or terms
    year = releases.first().release_date.year
    return {
        "home": "/fr/",
        "release index": index.url,
        "release index ?year": f"{index.url}?year={year}",
        "release index ?topic": f"{index.url}?topic={topic.slug}",
        "release index ?q": f"{index.url}?q=coop%C3%A9ration",
        "release index page 2": f"{index.url}?page=2",
        "release": release.url,
        "video index": "/fr/videos/",
        "video index ?topic": f"/fr/videos/?topic={topic.slug}",
        "video index ?q": "/fr/videos/?q=vid%C3%A9o",
        "video page": video.get_url(),
        "content page": content.url,
        "accessibility statement": statement.url,
        "RSS feed": index.url + index.reverse_subpage("feed"),
        "topic RSS feed": index.feed_url(topic),
        "sitemap index": "/sitemap.xml",
        "sitemap section": "/sitemap-pages.xml",
    }


# --- measuring ------------------------------------------------------------------------------


def measure(client, url):
    """(queries, median milliseconds) of ROUNDS anonymous requests after two warm-ups."""
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings, queries = [], set()
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, url
        queries.add(len(captured))
    return max(queries), statistics.median(timings)


def start_server(command, environment, port):
    process = subprocess.Popen(
        command + ["--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=PROJECT_DIR, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)  # noqa: S310
            return process
        except urllib.error.HTTPError:
            return process  # it answers
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start: " + process.stderr.read().decode()[-2000:])


def stop(process):
    process.terminate()
    process.wait(timeout=30)


def start_portal(database_name, port):
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings.dev",
        DEBUG="false",
        PAGE_CACHE_SECONDS="0",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(database_name),
    )
    return start_server([sys.executable, "-m", "gunicorn", "portal.wsgi"], environment, port)


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


def stock_site(name, releases, port):
    """The stock Wagtail site with as many detail pages, served by gunicorn: (process, urls)."""
    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="stock_wagtail.settings",
        DATABASE_URL=database_url(name),
        PYTHONPATH=str(PROJECT_DIR / "bench"),
    )
    recreate_database(name)
    subprocess.run(
        [sys.executable, "-m", "stock_wagtail.build", str(releases)],
        cwd=PROJECT_DIR / "bench", env=environment, check=True,
    )  # fmt: skip
    process = start_server(
        [sys.executable, "-m", "gunicorn", "stock_wagtail.wsgi"], environment, port
    )
    return process, {"home": "/", "index": "/articles/", "detail": "/articles/article-1/"}


# --- the run --------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[SMALLEST, 1000, 10000])
    parser.add_argument("--stock", action="store_true", help="compare with a stock Wagtail site")
    parser.add_argument("--rebuild", action="store_true", help="load the demo content again")
    parser.add_argument("--port", type=int, default=8400, help="first of two free ports")
    parser.add_argument("--no-wrk", action="store_true", help="queries and latency only")
    args = parser.parse_args()

    setup_test_environment()
    settings.PAGE_CACHE_SECONDS = 0
    settings.ALLOWED_HOSTS = ["*"]
    name = settings.DATABASES["default"]["NAME"]
    base, bench, stock = f"{name}_bench_base", f"{name}_bench", f"{name}_stock"
    if args.rebuild or not database_exists(base):
        print("loading the demo content (a few minutes)…", file=sys.stderr)
        build_base(base)
    recreate_database(bench, template=base)
    use_database(bench)

    from media_library.models import VideoAsset
    from news.models import PressReleasePage

    client = Client()
    rows, throughput = [], {}
    for size in args.sizes:
        releases = PressReleasePage.objects.child_of(french_index())
        add_releases(size - releases.count())
        if size > SMALLEST:
            videos = VideoAsset.objects.filter(locale__language_code="fr").count()
            add_videos(max(0, VIDEOS_ABOVE_SMALLEST - videos))
        videos = VideoAsset.objects.filter(locale__language_code="fr").count()
        analyse()
        cache.clear()  # bulk inserts send no publish signal: what caches remember is forgotten
        urls = page_urls()
        figures = {page: measure(client, url) for page, url in urls.items()}
        if not args.no_wrk:
            connections.close_all()
            process = start_portal(bench, args.port)
            try:
                for page, url in urls.items():
                    throughput[(size, page)] = requests_per_second(
                        f"http://127.0.0.1:{args.port}{url}"
                    )
            finally:
                stop(process)
        rows.append((size, videos, figures))
        print(f"measured {size} releases, {videos} videos", file=sys.stderr)

    report(rows, throughput)  # printed now: the comparison takes a while
    comparison = []
    if args.stock:
        connections.close_all()
        stock_server, stock_urls = stock_site(stock, args.sizes[-1], args.port + 1)
        portal = None
        try:
            portal = start_portal(bench, args.port)
            for page, stock_page in COMPARABLE.items():
                mine, theirs = [], []
                for _ in range(2):  # interleaved: portal, stock, portal, stock
                    mine.append(requests_per_second(f"http://127.0.0.1:{args.port}{urls[page]}"))
                    theirs.append(
                        requests_per_second(
                            f"http://127.0.0.1:{args.port + 1}{stock_urls[stock_page]}"
                        )
                    )
                comparison.append(
                    (page, stock_page, statistics.mean(mine), statistics.mean(theirs))
                )
        finally:
            stop(stock_server)
            if portal is not None:
                stop(portal)

    if comparison:
        report_comparison(comparison, args.sizes[-1])


def report(rows, throughput):
    pages = list(rows[0][2])
    sizes = [f"{size:,} releases / {videos:,} videos" for size, videos, _ in rows]
    print("\nSQL queries per uncached request (in process, page cache off, DEBUG off)\n")
    print("| page | " + " | ".join(sizes) + " |")
    print("|---|" + "---:|" * len(rows))
    for page in pages:
        print(f"| {page} | " + " | ".join(str(f[page][0]) for _, _, f in rows) + " |")
    print("\nMedian latency, ms (in process, one request at a time)\n")
    print("| page | " + " | ".join(sizes) + " |")
    print("|---|" + "---:|" * len(rows))
    for page in pages:
        print(f"| {page} | " + " | ".join(f"{f[page][1]:.1f}" for _, _, f in rows) + " |")
    tool = "wrk -t2 -c8" if shutil.which("wrk") else "Python client, 8 threads"
    if throughput:
        print(f"\nRequests per second, gunicorn 2 sync workers, {tool}, {WRK_SECONDS} s each\n")
        print("| page | " + " | ".join(sizes) + " |")
        print("|---|" + "---:|" * len(rows))
        for page in pages:
            cells = [f"{throughput[(size, page)]:.0f}" for size, _, _ in rows]
            print(f"| {page} | " + " | ".join(cells) + " |")
        sys.stdout.flush()


def report_comparison(comparison, size):
    tool = "wrk -t2 -c8" if shutil.which("wrk") else "Python client, 8 threads"
    print(
        f"\nPortal against a stock Wagtail site (bench/stock_wagtail/), {size:,} pages each, "
        f"gunicorn 2 sync workers, {tool}, interleaved, mean of 2 × {WRK_SECONDS} s\n"
    )
    print("| page | stock page | portal req/s | stock req/s | ratio |")
    print("|---|---|---:|---:|---:|")
    for page, stock_page, mine, theirs in comparison:
        print(f"| {page} | {stock_page} | {mine:.0f} | {theirs:.0f} | {mine / theirs:.2f}× |")


if __name__ == "__main__":
    main()
