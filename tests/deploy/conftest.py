"""The production topology, for real: gunicorn under the production settings behind Debian's
nginx (the shipped deploy/nginx/portal.conf), PostgreSQL and Redis as in CI, media on local disk
or in an S3 bucket served by moto's standalone server, and real `rqworker` processes.

Every server listens on 127.0.0.1, on ports from DEPLOY_TEST_PORT_BASE (default 8140) up; each
is started by a fixture and stopped by its process id (its own process group) afterwards.
"""

import http.client
import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, override_settings

from tests.conftest import PROJECT_DIR

PORT_BASE = int(os.environ.get("DEPLOY_TEST_PORT_BASE", "8140"))
PORTS = {"web": PORT_BASE, "nginx": PORT_BASE + 1, "s3": PORT_BASE + 2}
SECRET_KEY = "deploy-test-k3y-" + "Zq8#rT2!vW5@xY7$" * 4
BUCKET = "press-media"
S3_KEYS = {"AWS_ACCESS_KEY_ID": "deploy-test-key", "AWS_SECRET_ACCESS_KEY": "deploy-test-secret"}
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def program(name, *extra_dirs):
    found = shutil.which(name) or next(
        (str(Path(d) / name) for d in extra_dirs if (Path(d) / name).exists()), None
    )
    if found is None:
        message = f"{name} is not installed (bash scripts/bootstrap.sh --dev installs it)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


def wait_for_port(port, process, log, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{Path(log).read_text()}")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on {port} after {timeout}s:\n{Path(log).read_text()}")


class Service:
    """A server process in its own process group, stopped (by that group's id) on exit."""

    def __init__(self, name, command, port, folder, env=None):
        self.log = Path(folder) / f"{name}.log"
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for_port(port, self.process, self.log)

    def stop(self):
        """Stop it; its log goes to the test's output (shown when the test fails)."""
        print(f"--- {self.log.name} ---\n{self.log.read_text(errors='replace')[:5000]}")
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def http_get(port, path, headers=None, host="127.0.0.1", method="GET"):
    """(status, headers, body) of one request, redirects not followed."""
    client = http.client.HTTPConnection(host, port, timeout=60)
    try:
        client.request(method, path, headers=headers or {})
        response = client.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        client.close()


def database_url():
    """The test database, for processes started under the production settings."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        return (
            f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
            f"/{db['NAME']}"
        )
    return f"sqlite:///{db['NAME']}"


def base_environment():
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # TLS ends before nginx in production; plain HTTP here
    }


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """`collectstatic` as the deployment runs it (the production settings want its manifest)."""
    folder = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=PROJECT_DIR,
        env={**base_environment(), "STATIC_ROOT": str(folder)},
        check=True,
    )
    return folder


@pytest.fixture
def production_environment(static_root):
    """production_environment(media_root, **more): what an operator sets (README's table),
    pointed at the test's database, Redis and folders."""

    def environment(media_root, **extra):
        return {
            **base_environment(),
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "MEDIA_SERVE_METHOD": "x-accel",
            **extra,
        }

    return environment


def s3_environment():
    return {
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{PORTS['s3']}",
        "AWS_S3_REGION_NAME": "us-east-1",
        **S3_KEYS,
    }


def nginx_configuration(folder, media_root):
    """deploy/nginx/portal.conf with this test's port, MEDIA_ROOT and gunicorn, inside a
    minimal nginx.conf whose files all live in `folder`."""
    site = (PROJECT_DIR / "deploy" / "nginx" / "portal.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{PORTS['nginx']};")
    site = site.replace("/srv/portal/media/", f"{Path(media_root).resolve()}/")
    site = site.replace("127.0.0.1:8000", f"127.0.0.1:{PORTS['web']}")
    temp = {name: Path(folder) / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    user = "user root;" if os.geteuid() == 0 else ""  # workers must read the test's MEDIA_ROOT
    conf = Path(folder) / "nginx.conf"
    conf.write_text(
        f"""
worker_processes 1;
{user}
pid {folder}/nginx.pid;
error_log {folder}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log {folder}/nginx-access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
{site}
}}
"""
    )
    return conf


@pytest.fixture
def start_portal(tmp_path):
    """start_portal(environment): gunicorn as the Procfile runs it, nginx in front; stopped at
    the end of the test."""
    nginx = program("nginx", "/usr/sbin")
    services = []

    def start(environment):
        services.append(
            Service(
                "gunicorn",
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "portal.wsgi",
                    "--bind",
                    f"127.0.0.1:{PORTS['web']}",
                    "--worker-class",
                    "gthread",
                    "--workers",
                    "1",
                    "--threads",
                    "4",
                ],
                PORTS["web"],
                tmp_path,
                env=environment,
            )
        )
        conf = nginx_configuration(tmp_path, environment["MEDIA_ROOT"])
        command = [nginx, "-e", str(tmp_path / "nginx-error.log"), "-c", str(conf)]
        command += ["-g", "daemon off;"]
        services.append(Service("nginx", command, PORTS["nginx"], tmp_path))

    yield start
    for service in reversed(services):
        service.stop()


@pytest.fixture
def s3_bucket(tmp_path):
    """moto's standalone S3 server with an empty private bucket; a boto3 client for it."""
    import boto3

    moto = program("moto_server", Path(sys.executable).parent)
    service = Service(
        "moto", [moto, "-H", "127.0.0.1", "-p", str(PORTS["s3"])], PORTS["s3"], tmp_path
    )
    client = boto3.client(
        "s3",
        endpoint_url=f"http://127.0.0.1:{PORTS['s3']}",
        region_name="us-east-1",
        aws_access_key_id=S3_KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=S3_KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=BUCKET)
    yield client
    service.stop()


@pytest.fixture
def presets():
    """The default presets (a transactional test's flush removes what migrations seeded)."""
    from django.apps import apps

    from media_library.models import DownloadPreset

    importlib.import_module("media_library.migrations.0002_default_presets").create_presets(
        apps, None
    )
    return {preset.slug: preset for preset in DownloadPreset.objects.all()}


@pytest.fixture
def journalist(django_user_model):
    """A journalist who may download (address verified, terms accepted), and the session
    cookie of their log-in, signed with the production SECRET_KEY that the servers use."""
    from allauth.account.models import EmailAddress

    from media_library.downloads import rules as downloads

    user = django_user_model.objects.create_user(email="desk@example.org")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    downloads.accept_terms(user)
    with override_settings(SECRET_KEY=SECRET_KEY):
        client = Client()
        client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    user.cookie = f"{settings.SESSION_COOKIE_NAME}={session}"
    return user


def download_link(rendition, user):
    """The signed download link the video page would give `user` (production SECRET_KEY)."""
    from media_library.downloads import rules as downloads

    with override_settings(SECRET_KEY=SECRET_KEY):
        return f"/en/videos/download/{downloads.download_token(rendition, user)}/"


@pytest.fixture
def public_video(presets):
    """publish(video_file): a live asset in both languages around a VideoFile."""
    from media_library.models import VideoAsset
    from portal.demo.home import ensure_locales, ensure_roots

    ensure_roots()
    locales = ensure_locales()

    def publish(video):
        asset = VideoAsset.objects.create(
            title="Clip", video=video, locale=locales["fr"], live=True
        )
        english = asset.copy_for_translation(locales["en"])
        english.title = "Clip"
        english.save()
        return asset

    return publish
