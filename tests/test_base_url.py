"""E-mail links and the printed admin address follow WEB_PORT on one machine (`bash
scripts/run-portal.sh` with WEB_PORT=8765), unless PORTAL_BASE_URL says otherwise."""

import subprocess
import sys

from tests.conftest import PROJECT_DIR

PRINT_BASE_URL = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.WAGTAILADMIN_BASE_URL)"
)


def start(environment):
    return subprocess.run(
        [sys.executable, "-c", PRINT_BASE_URL],
        cwd=PROJECT_DIR,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", "REDIS_URL": "",
             "DJANGO_SETTINGS_MODULE": "portal.settings.dev", **environment},
        capture_output=True,
        text=True,
    )  # fmt: skip


def base_url(environment):
    result = start(environment)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_e_mail_links_use_the_web_port():
    assert base_url({}) == "http://127.0.0.1:8000"
    assert base_url({"WEB_PORT": "8765"}) == "http://127.0.0.1:8765"


def test_an_explicit_public_address_wins():
    environment = {"WEB_PORT": "8765", "PORTAL_BASE_URL": "https://media.example.org"}
    assert base_url(environment) == "https://media.example.org"


def test_a_bad_port_stops_start_up_naming_it():
    result = start({"WEB_PORT": "eighty"})
    assert result.returncode != 0
    assert "WEB_PORT='eighty' is not a whole number" in result.stderr
