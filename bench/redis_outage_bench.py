"""Redis stopped under load (issue 11): 50 anonymous readers and 5 journalists asking for clips
for 60 s, with Redis stopped from second 20 to second 40.

The portal runs as on one production machine: honcho with the Procfile (gunicorn with 2 processes
of 4 threads, a media worker, a mail+default worker, the scheduler), one machine's settings with
DEBUG off, PostgreSQL, and a Redis of the bench's own (port 6383, append-only file, stopped and
started by the bench). Readers fetch the home pages, the video index and a video's page in both
languages; each journalist (logged in, terms accepted) asks for a new clip of a 20 s video every
second, as the download panel does (POST, JSON). Printed: requests and answers by status for
pages and for clip requests, before/during/after the outage, the clip requests answered without
a rendition row (work lost), and the renditions still not ready 5 minutes after the end (work
lost or stuck).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_i11r \
    .venv/bin/python bench/redis_outage_bench.py [--seconds 60] [--outage 20 40]
"""

import argparse
import collections
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

PROJECT_DIR = Path(__file__).resolve().parent.parent
REDIS_PORT = 6383
WEB_PORT = 8133
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="outage-bench-media-"))
sys.path.insert(0, str(PROJECT_DIR))
os.environ.update(
    REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
    DJANGO_SETTINGS_MODULE="portal.settings.dev",
    DEBUG="false",
    MEDIA_ROOT=str(MEDIA_ROOT),
    WEB_PORT=str(WEB_PORT),
)

import django  # noqa: E402

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files import File  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from media_library.downloads import rules as downloads  # noqa: E402
from media_library.encoding import probe  # noqa: E402
from media_library.models import ProcessingStatus, VideoAsset, VideoFile, VideoRendition  # noqa: E402
from portal.demo.home import ensure_home_pages, ensure_locales  # noqa: E402
from tests.media_library.videos import make_video  # noqa: E402

BASE = f"http://127.0.0.1:{WEB_PORT}"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def start_redis(folder):
    return subprocess.Popen(
        ["redis-server", "--bind", "127.0.0.1", "--port", str(REDIS_PORT), "--save", ""]
        + ["--appendonly", "yes", "--dir", str(folder)],
        stdout=subprocess.DEVNULL,
    )


def prepare():
    call_command("migrate", verbosity=0)
    ensure_home_pages()
    locales = ensure_locales()
    path = make_video(MEDIA_ROOT / "bench source.mp4", seconds=20, size="320x180")
    video = VideoFile(original_filename=path.name, **probe.probe(path).as_fields())
    with open(path, "rb") as handle:
        video.file.save(path.name, File(handle), save=False)
    video.save()
    for language in ("fr", "en"):
        VideoAsset(
            title=f"Bench {language}", video=video, locale=locales[language], live=True
        ).save()
    journalists = []
    for number in range(5):
        email = f"bench-journalist-{number}@example.org"
        get_user_model().objects.filter(email=email).delete()
        user = get_user_model().objects.create_user(email=email, password=None)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        downloads.accept_terms(user)
        client = Client()
        client.force_login(user)
        journalists.append(client.cookies["sessionid"].value)
    return video, journalists


class Tally:
    def __init__(self, outage):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.requested = set()
        self.lost = 0
        self.started = None
        self.outage = outage

    def phase(self):
        elapsed = time.monotonic() - self.started
        if elapsed < self.outage[0]:
            return "before"
        return "during" if elapsed < self.outage[1] else "after"

    def add(self, kind, status):
        with self.lock:
            self.counts[(kind, self.phase(), status)] += 1


def reader(tally, video, stop):
    session = requests.Session()
    paths = ["/fr/", "/en/", "/fr/videos/", "/en/videos/", f"/fr/videos/{video.pk}/"]
    while not stop.is_set():
        try:
            status = session.get(BASE + random.choice(paths), timeout=30).status_code
        except requests.RequestException:
            status = "no answer"
        tally.add("page", status)


def journalist(tally, video, cookie, stop):
    session = requests.Session()
    session.cookies.set("sessionid", cookie)
    page = f"/en/videos/{video.pk}/"
    while not stop.is_set():
        try:
            token = CSRF.search(session.get(BASE + page, timeout=30).text).group(1)
            start = random.randint(0, 160) / 10
            end = start + random.randint(10, 30) / 10
            answer = session.post(
                BASE + f"/en/videos/{video.pk}/download/",
                data={
                    "csrfmiddlewaretoken": token,
                    "preset": "mp4-720p",
                    "start": f"00:{start:04.1f}",
                    "end": f"00:{end:04.1f}",
                },
                headers={"Accept": "application/json", "Referer": BASE + page},
                timeout=30,
            )
            status = answer.status_code
            if status == 200:
                with tally.lock:
                    tally.requested.add(answer.json()["id"])
            elif status >= 500:
                with tally.lock:
                    tally.lost += 1  # asked for, and nothing recorded
        except (requests.RequestException, AttributeError):
            status = "no answer"
        tally.add("clip", status)
        time.sleep(1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--outage", type=int, nargs=2, default=[20, 40])
    arguments = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="outage-bench-redis-"))
    redis = start_redis(folder)
    time.sleep(1)
    video, cookies = prepare()
    log = open(folder / "portal.log", "w")
    portal = subprocess.Popen(
        [str(PROJECT_DIR / ".venv/bin/honcho"), "start", "web", "worker-media", "worker-mail"]
        + ["clock"],
        cwd=PROJECT_DIR,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while VideoFile.objects.get(pk=video.pk).status != ProcessingStatus.READY:
            if time.monotonic() > deadline:
                raise SystemExit(f"the video was not processed, see {folder}/portal.log")
            time.sleep(1)
        tally = Tally(arguments.outage)
        stop = threading.Event()
        threads = [threading.Thread(target=reader, args=(tally, video, stop)) for _ in range(50)]
        threads += [
            threading.Thread(target=journalist, args=(tally, video, cookie, stop))
            for cookie in cookies
        ]
        tally.started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(arguments.outage[0])
        redis.terminate()
        redis.wait(10)
        time.sleep(arguments.outage[1] - arguments.outage[0])
        redis = start_redis(folder)
        time.sleep(arguments.seconds - arguments.outage[1])
        stop.set()
        for thread in threads:
            thread.join()
        deadline = time.monotonic() + 300
        pending = VideoRendition.objects.filter(pk__in=tally.requested).exclude(
            status=ProcessingStatus.READY
        )
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(2)
        stuck = pending.count()
    finally:
        os.killpg(portal.pid, signal.SIGTERM)
        portal.wait(60)
        redis.terminate()
        redis.wait(10)
        log.close()
    report(tally, arguments, stuck, folder)


def report(tally, arguments, stuck, folder):
    print(
        f"\n{arguments.seconds} s, Redis stopped from {arguments.outage[0]} s to "
        f"{arguments.outage[1]} s; 50 readers, 5 journalists (logs in {folder})\n"
    )
    print("| requests | phase | answers by status | errors (5xx, no answer) |")
    print("|---|---|---|---:|")
    for kind in ("page", "clip"):
        for phase in ("before", "during", "after"):
            statuses = {
                status: count
                for (k, p, status), count in sorted(tally.counts.items(), key=str)
                if k == kind and p == phase
            }
            errors = sum(
                count
                for status, count in statuses.items()
                if status == "no answer" or status >= 500
            )
            shown = ", ".join(f"{status}: {count}" for status, count in statuses.items())
            print(f"| {kind}s | {phase} | {shown} | {errors} |")
    print(
        f"\nclips asked for: {len(tally.requested)} distinct renditions; answered with an error "
        f"and nothing recorded: {tally.lost}; not ready 5 minutes after the end: {stuck}"
    )


if __name__ == "__main__":
    main()
