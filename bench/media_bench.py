"""Video library figures, measured in one run (issue 4):

1. probe + poster + thumbnail strip time on a 60-second 1080p source the bench generates;
2. for each default download preset, encode time divided by media duration (realtime factor);
3. peak memory of the web process (gunicorn, one sync worker) while a 2 GB upload streams into
   the admin's video form through a bounded client, against its idle memory.

Run (PostgreSQL and Redis of your own; the bench creates its tables and a superuser):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_media_bench \
    REDIS_URL=redis://127.0.0.1:6379/4 MEDIA_ROOT=/tmp/media-media/bench \
    .venv/bin/python bench/media_bench.py [--seconds 60] [--upload-gb 2]
"""

import argparse
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")


def setup_django():
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_source(path, seconds):
    subprocess.run(
        [
            "ffmpeg", "-v", "error", "-y",
            "-f", "lavfi", "-i", f"testsrc2=size=1920x1080:rate=25:duration={seconds}",
            "-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}",
            "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p",
            "-g", "50", "-c:a", "aac", "-b:a", "192k", "-shortest", str(path),
        ],
        check=True,
    )  # fmt: skip


def measure_processing(source, work):
    from media_library.encoding import pictures, probe, transcode
    from media_library.models import DownloadPreset, VideoFile

    started = time.perf_counter()
    metadata = probe.probe(source)
    probed = time.perf_counter()
    pictures.extract_poster(source, metadata.format_name, work / "poster.jpg", metadata.duration)
    postered = time.perf_counter()
    pictures.make_thumbnail_strip(
        source,
        metadata.format_name,
        work / "strip.jpg",
        metadata.duration,
        metadata.width,
        metadata.height,
    )
    stripped = time.perf_counter()
    rows = [
        ("probe (ffprobe + last-second decode)", probed - started),
        ("poster frame", postered - probed),
        ("thumbnail strip", stripped - postered),
        ("probe + poster + strip", stripped - started),
    ]
    video = VideoFile(**metadata.as_fields())
    video.file.name = source.name
    duration = float(metadata.duration)
    encodes = []
    for preset in DownloadPreset.objects.filter(enabled=True).order_by("sort_order"):
        output = work / f"out-{preset.slug}.{preset.extension_for(video)}"
        began = time.perf_counter()
        if preset.is_original:
            # full-length original quality is a plain copy of the file (see jobs._render_into)
            output.write_bytes(source.read_bytes())
        else:
            transcode.transcode(source, output, preset, video, work)
        spent = time.perf_counter() - began
        encodes.append((preset.name_en, spent, spent / duration, output.stat().st_size))
        output.unlink()
    return metadata, rows, encodes


# --- Upload memory --------------------------------------------------------------------------


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def rss_of_tree(pid):
    """Resident memory (bytes) of a process and its children."""
    total = 0
    pids = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == pid:
                pids.append(int(entry.name))
    for one in pids:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total += int(match[1]) * 1024 if match else 0
    return total


class Sampler(threading.Thread):
    def __init__(self, pid):
        super().__init__(daemon=True)
        self.pid, self.peak, self.running = pid, 0, True

    def run(self):
        while self.running:
            self.peak = max(self.peak, rss_of_tree(self.pid))
            time.sleep(0.05)


def login(port, email, password):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", "/admin/login/")
    response = connection.getresponse()
    page = response.read().decode()
    cookies = {
        c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0]
        for c in response.headers.get_all("Set-Cookie") or []
    }
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    body = f"csrfmiddlewaretoken={token}&username={email}&password={password}"
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": f"csrftoken={cookies['csrftoken']}",
        "Referer": f"http://127.0.0.1:{port}/admin/login/",
    }
    connection.request("POST", "/admin/login/", body=body, headers=headers)
    response = connection.getresponse()
    response.read()
    for cookie in response.headers.get_all("Set-Cookie") or []:
        name, value = cookie.split(";")[0].split("=", 1)
        cookies[name] = value
    assert "sessionid" in cookies, "log-in failed"
    return cookies


def stream_upload(port, cookies, size, chunk=1024 * 1024):
    """POST a multipart form whose file part is `size` bytes, sent chunk by chunk."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    connection.request("GET", "/admin/videos/add/?locale=fr", headers=_cookie_header(cookies))
    page = connection.getresponse().read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    boundary = uuid.uuid4().hex
    fields = {
        "csrfmiddlewaretoken": token,
        "title": "Upload benchmark",
        "shots-TOTAL_FORMS": "0",
        "shots-INITIAL_FORMS": "0",
        "shots-MIN_NUM_FORMS": "0",
        "shots-MAX_NUM_FORMS": "1000",
    }
    head = "".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        for k, v in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; '
        f'filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n'
    )
    tail = f"\r\n--{boundary}--\r\n"
    length = len(head.encode()) + size + len(tail.encode())
    connection.putrequest("POST", "/admin/videos/add/?locale=fr")
    connection.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
    connection.putheader("Content-Length", str(length))
    connection.putheader("Referer", f"http://127.0.0.1:{port}/admin/videos/add/")
    for name, value in _cookie_header(cookies).items():
        connection.putheader(name, value)
    connection.endheaders()
    connection.send(head.encode())
    block = os.urandom(chunk)
    sent = 0
    while sent < size:
        piece = block[: min(chunk, size - sent)]
        connection.send(piece)
        sent += len(piece)
    connection.send(tail.encode())
    response = connection.getresponse()
    response.read()
    return response.status


def _cookie_header(cookies):
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}


def measure_upload(size):
    from django.contrib.auth import get_user_model

    email, password = "bench@example.org", "Bench#Password-long-42"
    User = get_user_model()
    if not User.objects.filter(email=email).exists():
        User.objects.create_superuser(email=email, password=password)
    port = free_port()
    environment = dict(os.environ, DJANGO_SETTINGS_MODULE="portal.settings.dev")
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "portal.wsgi", "--workers", "1",
            "--bind", f"127.0.0.1:{port}", "--timeout", "900",
        ],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        cookies = login(port, email, password)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", "/admin/videos/", headers=_cookie_header(cookies))
        connection.getresponse().read()
        time.sleep(1)
        idle = rss_of_tree(server.pid)
        sampler = Sampler(server.pid)
        sampler.start()
        began = time.perf_counter()
        status = stream_upload(port, cookies, size)
        spent = time.perf_counter() - began
        sampler.running = False
        sampler.join()
        return idle, sampler.peak, status, spent
    finally:
        server.terminate()
        server.wait(timeout=30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--upload-gb", type=float, default=2.0)
    arguments = parser.parse_args()
    setup_django()
    mib = 1024 * 1024
    with tempfile.TemporaryDirectory(prefix="media-bench-") as folder:
        work = Path(folder)
        source = work / "source-1080p.mp4"
        began = time.perf_counter()
        make_source(source, arguments.seconds)
        print(
            f"source: {arguments.seconds} s 1920x1080 25 fps H.264 + AAC, "
            f"{source.stat().st_size / mib:.1f} MiB, made in {time.perf_counter() - began:.1f} s"
        )
        metadata, rows, encodes = measure_processing(source, work)
    print(f"cores: {os.cpu_count()}, x264 preset: {os.environ.get('MEDIA_X264_PRESET', 'fast')}")
    print("\n| step | seconds |\n|---|---|")
    for label, seconds in rows:
        print(f"| {label} | {seconds:.2f} |")
    print("\n| preset | encode time (s) | realtime factor (encode / media) | output MiB |")
    print("|---|---|---|---|")
    for name, spent, factor, size in encodes:
        print(f"| {name} | {spent:.1f} | {factor:.2f} | {size / mib:.1f} |")
    size = int(arguments.upload_gb * 1024**3)
    idle, peak, status, spent = measure_upload(size)
    print("\n| upload | idle RSS (MiB) | peak RSS (MiB) | growth (MiB) | HTTP | seconds |")
    print("|---|---|---|---|---|---|")
    print(
        f"| {size / 1024**3:.1f} GiB, 1 MiB chunks | {idle / mib:.0f} | {peak / mib:.0f} | "
        f"{(peak - idle) / mib:.0f} | {status} | {spent:.1f} |"
    )


if __name__ == "__main__":
    main()
