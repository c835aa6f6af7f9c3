"""The test suite: real services (CI sets DATABASE_URL and REDIS_URL), e-mail captured by
Anymail's test backend, fast password hashing.

Without REDIS_URL the tests use database 15 of the local Redis, which they empty: never point
REDIS_URL at a Redis whose data matters when running the tests.
"""

import os
import re

os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")

# Under pytest-xdist each test process gets its own Redis database (the numbers below
# REDIS_URL's, counting down) and media folder, as pytest-django gives it its own test database.
_XDIST_INDEX = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
if _XDIST_INDEX and not os.environ.get("PORTAL_TEST_REDIS_SHIFTED"):
    # Once only: a worker subprocess inherits the shifted URL together with this marker.
    os.environ["PORTAL_TEST_REDIS_SHIFTED"] = "1"
    os.environ["REDIS_URL"] = re.sub(
        r"/(\d+)$", lambda m: f"/{abs(int(m[1]) - _XDIST_INDEX)}", os.environ["REDIS_URL"]
    )

from portal import environment as env  # noqa: E402

from .base import *  # noqa: E402, F403

DEBUG = False
EMAIL_BACKEND = "anymail.backends.test.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A worker subprocess started by a test reaches the test database through this variable.
_TEST_DATABASE = env.text("PORTAL_TEST_DATABASE_NAME")
if _TEST_DATABASE:
    DATABASES["default"]["NAME"] = _TEST_DATABASE  # noqa: F405
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # On disk, not in memory, so that worker subprocesses can open it too.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405

# The page cache would carry pages from one test to the next: the tests of it turn it on.
PAGE_CACHE_SECONDS = 0
# wagtail-localize's dummy translator (it reverses the words) stands in for DeepL and the like.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {
    "CLASS": "wagtail_localize.machine_translators.dummy.DummyTranslator",
    "OPTIONS": {},
}

MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(BASE_DIR / ".test-media"))) / f"gw{_XDIST_INDEX}"  # noqa: F405
STORAGES["default"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": MEDIA_URL},  # noqa: F405
}
