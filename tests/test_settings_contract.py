"""Every variable of the configuration contract is honoured; bad values stop start-up clearly."""

import json
import re
import subprocess
import sys

import pytest

from tests.conftest import PROJECT_DIR

READ_SETTINGS = """
import json, django
django.setup()
from django.conf import settings as s
print(json.dumps({
    "SECRET_KEY": s.SECRET_KEY, "DEBUG": s.DEBUG, "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "DB_ENGINE": s.DATABASES["default"]["ENGINE"], "DB_NAME": str(s.DATABASES["default"]["NAME"]),
    "DB_HOST": s.DATABASES["default"].get("HOST"),
    "REDIS_URL": s.REDIS_URL, "RQ_MEDIA": {k: str(v) for k, v in s.RQ_QUEUES["media"].items()},
    "CACHE": s.CACHES["default"]["BACKEND"],
    "MEDIA_ROOT": str(s.MEDIA_ROOT), "STORAGE": s.STORAGES["default"]["BACKEND"],
    "STORAGE_OPTIONS": {k: str(v) for k, v in s.STORAGES["default"].get("OPTIONS", {}).items()},
    "EMAIL_BACKEND": s.EMAIL_BACKEND, "ANYMAIL": s.ANYMAIL,
    "DEFAULT_FROM_EMAIL": s.DEFAULT_FROM_EMAIL,
    "FFMPEG_BINARY": s.FFMPEG_BINARY, "FFPROBE_BINARY": s.FFPROBE_BINARY,
}))
"""

BASE_ENVIRONMENT = {
    "PATH": "/usr/bin:/bin",
    "HOME": "/tmp",
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def run_settings(environment, module="portal.settings.dev", code=READ_SETTINGS):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**BASE_ENVIRONMENT, "DJANGO_SETTINGS_MODULE": module, **environment},
        capture_output=True,
        text=True,
    )


def read_settings(environment, module="portal.settings.dev"):
    result = run_settings(environment, module)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_nothing_set_the_portal_runs_on_embedded_defaults():
    values = read_settings({"REDIS_URL": ""})
    assert values["DB_ENGINE"] == "django.db.backends.sqlite3"
    assert values["STORAGE"] == "django.core.files.storage.FileSystemStorage"
    assert values["EMAIL_BACKEND"] == "anymail.backends.console.EmailBackend"
    assert values["DEBUG"] is True
    # a local Redis answers on this machine, so it is used; see the next test for the fallback
    assert values["REDIS_URL"] == "redis://127.0.0.1:6379/0"


def test_without_any_redis_jobs_run_in_process():
    no_local_redis = "import portal.environment as e\ne.local_port_answers = lambda *a, **k: False"
    code = READ_SETTINGS.replace("import json, django", "import json, django\n" + no_local_redis)
    result = run_settings({"REDIS_URL": ""}, code=code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["REDIS_URL"] is None
    assert values["RQ_MEDIA"]["ASYNC"] == "False"
    assert values["CACHE"].endswith("LocMemCache")


def test_each_variable_of_the_contract_is_honoured(tmp_path):
    values = read_settings(
        {
            "SECRET_KEY": "k" * 10 + "abcdefghij" * 5,
            "DEBUG": "false",
            "ALLOWED_HOSTS": "media.example.org, www.example.org",
            "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
            "REDIS_URL": "redis://cache.internal:6380/2",
            "MEDIA_ROOT": str(tmp_path),
            "ANYMAIL_ESP": "postmark",
            "ANYMAIL_POSTMARK_SERVER_TOKEN": "token-1",
            "ANYMAIL_WEBHOOK_SECRET": "user:pass",
            "DEFAULT_FROM_EMAIL": "Press <press@example.org>",
            "FFMPEG_BINARY": "/usr/bin/ffmpeg",
            "FFPROBE_BINARY": "/usr/bin/ffprobe",
        }
    )
    assert values["SECRET_KEY"].endswith("abcdefghij")
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["media.example.org", "www.example.org"]
    assert values["DB_ENGINE"] == "django.db.backends.postgresql"
    assert (values["DB_NAME"], values["DB_HOST"]) == ("portal", "db.internal")
    assert values["REDIS_URL"] == "redis://cache.internal:6380/2"
    assert values["RQ_MEDIA"]["URL"] == "redis://cache.internal:6380/2?socket_connect_timeout=3"
    assert values["CACHE"] == "resilience.cache.RedisWithFallbackCache"  # Redis, else the database
    assert values["MEDIA_ROOT"] == str(tmp_path)
    assert values["EMAIL_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert values["ANYMAIL"] == {"POSTMARK_SERVER_TOKEN": "token-1", "WEBHOOK_SECRET": "user:pass"}
    assert values["DEFAULT_FROM_EMAIL"] == "Press <press@example.org>"
    assert values["FFMPEG_BINARY"] == "/usr/bin/ffmpeg"


def test_email_backend_override_wins_over_the_esp():
    values = read_settings(
        {"ANYMAIL_ESP": "mailgun", "EMAIL_BACKEND": "anymail.backends.test.EmailBackend"}
    )
    assert values["EMAIL_BACKEND"] == "anymail.backends.test.EmailBackend"


def test_s3_compatible_storage_is_chosen_by_its_bucket():
    values = read_settings(
        {"AWS_STORAGE_BUCKET_NAME": "press-media", "AWS_S3_ENDPOINT_URL": "https://s3.example.org"}
    )
    assert values["STORAGE"] == "storages.backends.s3.S3Storage"
    assert values["STORAGE_OPTIONS"]["bucket_name"] == "press-media"
    assert values["STORAGE_OPTIONS"]["endpoint_url"] == "https://s3.example.org"


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"DEBUG": "maybe"}, "DEBUG='maybe' is not a yes/no value"),
        ({"DATABASE_URL": "not-a-url"}, "DATABASE_URL='not-a-url'"),
        ({"REDIS_URL": "http://127.0.0.1:6379"}, "is not a Redis URL"),
        (
            {"FFMPEG_BINARY": "/nowhere/ffmpeg"},
            "FFMPEG_BINARY='/nowhere/ffmpeg' is not an executable",
        ),
        ({"RQ_DEFAULT_TIMEOUT": "soon"}, "RQ_DEFAULT_TIMEOUT='soon' is not a whole number"),
    ],
)
def test_bad_values_stop_start_up_with_a_clear_message(environment, message):
    result = run_settings(environment)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


PRODUCTION = {
    "SECRET_KEY": "p9#V2m!qL7xZr4@tW8yN1bK6cH3jF0sD5gA2eU7iO9pQ4wE1rT6yU3iO8pA5sD0fG",
    "ALLOWED_HOSTS": "media.example.org",
    "DATABASE_URL": "sqlite:////tmp/portal-deploy-check.sqlite3",
}


def check_deploy(environment=None):
    """`manage.py check --deploy` under the production settings, warnings counted as failures."""
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env={
            **BASE_ENVIRONMENT,
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            **PRODUCTION,
            **(environment or {}),
        },
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_check_deploy_without_warnings():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "short"}, "at least 50 random characters"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
    ],
)
def test_production_refuses_unsafe_values(change, message):
    result = run_settings({**PRODUCTION, **change}, module="portal.settings.production")
    assert result.returncode != 0
    assert message in result.stderr


def test_every_variable_the_settings_read_is_in_the_readme_table():
    """The README's table is the contract: a variable read in site/settings/ (base, dev,
    production) that the table does not name is a setting nobody can find."""
    readme = (PROJECT_DIR / "README.md").read_text()
    table = "\n".join(line for line in readme.splitlines() if line.startswith("| `"))
    read = set()
    for name in ("base.py", "dev.py", "production.py"):
        source = (PROJECT_DIR / "site" / "settings" / name).read_text()
        read |= set(re.findall(r'env\.\w+\(\s*"([A-Z][A-Z0-9_]*[A-Z0-9])"', source))
    assert len(read) > 40
    missing = sorted(name for name in read if f"`{name}`" not in table)
    assert missing == []
