"""Read the deployment's configuration from environment variables, with clear errors.

Every setting a deployment changes is read here (12-factor): a bad value stops start-up with a
message that names the variable and what it accepts, instead of failing later and obscurely.
"""

import os
import shutil
import socket
from urllib.parse import urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def text(name, default=None, *, required=False):
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"The environment variable {name} must be set.")
        return default
    return value


def boolean(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"{name}={raw!r} is not a yes/no value: use one of true, false, 1, 0, yes, no, on, off."
    )


def integer(name, default, *, minimum=None):
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def listing(name, default=()):
    raw = os.environ.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


# SQLite serves one machine's web and worker processes at once: transactions take the write
# lock when they begin (a transaction that reads, then writes, would otherwise fail at once with
# "database is locked" when another writer got in between), writers wait their turn up to 20 s,
# and the write-ahead log lets readers carry on while one writes.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


def database(name, default):
    raw = text(name, default)
    try:
        config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
    except Exception as error:  # dj-database-url raises several kinds for one problem
        raise ImproperlyConfigured(f"{name}={raw!r} is not a database URL ({error}).") from None
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"{name}={raw!r} names no database engine Django knows.")
    if config["ENGINE"].endswith("sqlite3"):
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


def redis_url(name):
    """The Redis URL to use, or None when nothing is set and no local Redis answers."""
    raw = text(name)
    if raw is not None:
        parsed = urlparse(raw)
        if parsed.scheme not in {"redis", "rediss", "unix"}:
            raise ImproperlyConfigured(
                f"{name}={raw!r} is not a Redis URL (redis://host:port/db, rediss:// or unix://)."
            )
        return raw
    if local_port_answers("127.0.0.1", 6379):
        return "redis://127.0.0.1:6379/0"
    return None


def local_port_answers(host, port, timeout=0.2):
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def executable(name, default):
    """A program the portal runs (ffmpeg, ffprobe): an explicit value must exist and run."""
    raw = text(name)
    if raw is None:
        return default
    found = shutil.which(raw)
    if found is None:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an executable program on this machine.")
    return found


def prefixed(prefix, *, exclude=()):
    """Every variable that starts with prefix, the prefix taken off (ANYMAIL_X -> X)."""
    return {
        key[len(prefix) :]: value
        for key, value in os.environ.items()
        if key.startswith(prefix) and key not in exclude and value != ""
    }
