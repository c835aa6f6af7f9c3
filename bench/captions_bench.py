"""Captions figures (issue 13): importing 1,000 cues, and cutting captions for a clip.

1. reading and checking an SRT file of N cues (`captions.files.read`), and the same as WebVTT;
2. the admin's import: the file posted to a video's edit form (read, checked, stored with a
   revision and published), through Django's test client, against PostgreSQL;
3. cutting the track to a 2-minute clip and to 5 non-adjacent shots, re-timed (`cutting.cut`),
   then written as SRT: what a journalist's clip download does;
4. the public track served to the player (`/<lang>/videos/<id>/captions/fr.vtt`).

Each figure is the best of --repeat runs (the machine is shared). Run with a database of your own:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_captions_bench \
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python bench/captions_bench.py [--cues 1000]
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def report(label, seconds, note=""):
    print(f"{label + ':':<34}{seconds * 1000:9.1f} ms{f' ({note})' if note else ''}", flush=True)


def best(repeat, function):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def make_srt(count):
    """`count` cues of 2.5 s every 3 s, with accents and two lines now and then."""
    from media_library.captions import Cue
    from media_library.captions.files import to_srt

    cues = [
        Cue(
            Decimal(n * 3) + Decimal("0.250"),
            Decimal(n * 3) + Decimal("2.750"),
            f"Réplique n° {n + 1} : l’été déjà là" + ("\n[Applaudissements]" if n % 7 == 0 else ""),
        )
        for n in range(count)
    ]
    return to_srt(cues).encode(), cues


def make_video(path, seconds):
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi",
         "-i", f"color=c=black:s=160x90:r=5:d={seconds}",
         "-c:v", "libx264", "-preset", "ultrafast", str(path)],
        check=True,
    )  # fmt: skip


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cues", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from media_library.captions.cutting import cut
    from media_library.captions.files import read, to_srt, to_webvtt

    data, cues = make_srt(args.cues)
    duration = cues[-1].end + 1
    print(
        f"{args.cues} cues, {len(data) / 1024:.0f} kB of SRT, over {duration} s of video",
        flush=True,
    )

    seconds, parsed = best(args.repeat, lambda: read(data, duration))
    assert parsed == cues
    report("read and check SRT", seconds)
    webvtt = to_webvtt(cues).encode()
    seconds, _ = best(args.repeat, lambda: read(webvtt, duration))
    report("read and check WebVTT", seconds)

    middle = duration / 2
    clip = [(middle, middle + 120)]
    seconds, clipped = best(args.repeat, lambda: to_srt(cut(cues, clip)))
    print(
        f"cut to a 2-minute clip + SRT:    {seconds * 1000:8.1f} ms ({clipped.count('-->')} cues)"
    )
    shots = [
        (Decimal(start), Decimal(start) + Decimal("7.5")) for start in (10, 400, 900, 1500, 2900)
    ]
    seconds, clipped = best(args.repeat, lambda: to_srt(cut(cues, shots)))
    print(
        f"cut to 5 separate shots + SRT:   {seconds * 1000:8.1f} ms ({clipped.count('-->')} cues)"
    )

    import_through_admin(data, duration, args.repeat)


def import_through_admin(data, duration, repeat):
    from django.core.files import File
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils.translation import override
    from wagtail.models import Locale

    from media_library.encoding import probe
    from media_library.models import CaptionCue, VideoAsset, VideoFile
    from portal.demo.home import ensure_home_pages
    from subscriptions.models import User

    setup_test_environment()
    ensure_home_pages()
    admin = User.objects.filter(email="captions-bench@example.org").first()
    if admin is None:
        admin = User.objects.create_superuser("captions-bench@example.org", "Bench-Password-123!")
    client = Client()
    client.force_login(admin)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.mp4"
        make_video(path, int(duration) + 1)
        video = VideoFile(original_filename=path.name, **probe.probe(path).as_fields())
        with open(path, "rb") as handle:
            video.file.save(path.name, File(handle), save=False)
        video.save()
    asset = VideoAsset.objects.create(
        title="Captions bench", video=video, locale=Locale.objects.get(language_code="fr")
    )
    url = reverse("wagtailsnippets_media_library_videoasset:edit", args=[asset.pk])
    form = {
        "title": asset.title, "description": "", "credits": "", "captions_kind": "captions",
        "collection": str(asset.collection_id), "action-publish": "1",
        **{f"{prefix}-{key}": value for prefix in ("shots", "topic_links", "cues")
           for key, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"),
                              ("MIN_NUM_FORMS", "0"), ("MAX_NUM_FORMS", "1000"))},
    }  # fmt: skip

    def post():
        upload = SimpleUploadedFile("captions.srt", data)
        response = client.post(url, {**form, "captions_file": upload})
        assert response.status_code == 302, response.content[-2000:]

    try:
        seconds, _ = best(repeat, post)
        stored = CaptionCue.objects.filter(asset=asset).count()
        report("import through the admin form", seconds, f"{stored} cues stored")
        with override("fr"):
            track = reverse("media_library_public:captions", args=[video.pk, "fr", "vtt"])
        seconds, response = best(repeat, lambda: client.get(track))
        size = len(response.content) / 1024
        report("player's track (WebVTT) served", seconds, f"{size:.0f} kB")
    finally:
        asset.delete()
        video.delete()


if __name__ == "__main__":
    main()
