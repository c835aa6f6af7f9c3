"""Work folders: where ffmpeg's inputs are copied and its outputs written before they are
stored, in MEDIA_LIBRARY_WORK_DIR (the system's temporary folder by default).

A job killed with SIGKILL (by its worker's time limit, by an operator, by the kernel) cannot
remove its folder. So each folder holds a lock (`flock`) for as long as the process that made
it lives, and the kernel releases it when that process dies, however it dies. Making a folder
first removes the folders of this machine whose lock is free: their owner is gone. `sweep()`
does the same on its own (the worker's periodic job calls it).
"""

import contextlib
import fcntl
import logging
import os
import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

PREFIX = "media-"
LOCK_NAME = ".owner.lock"
UNLOCKED_MAX_AGE = 3600  # seconds: a folder still without its lock was left between the two


def work_dir():
    return Path(settings.MEDIA_LIBRARY_WORK_DIR or tempfile.gettempdir())


@contextlib.contextmanager
def folder(purpose):
    """A new, locked work folder `media-<purpose>-…`, removed on the way out."""
    sweep()
    path = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{purpose}-", dir=work_dir()))
    # Locked under another name, then renamed: a lock file found under LOCK_NAME is locked
    # until its owner dies (rename keeps the file, and the lock held on it).
    lock = os.open(path / f"{LOCK_NAME}.new", os.O_CREAT | os.O_WRONLY | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
        os.rename(path / f"{LOCK_NAME}.new", path / LOCK_NAME)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        os.close(lock)


def sweep():
    """Remove the work folders whose owner died; returns how many."""
    removed = 0
    for path in work_dir().glob(f"{PREFIX}*"):
        if path.is_dir() and _abandoned(path):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
            logger.info("Removed the work folder %s of a process that died", path)
    return removed


def _abandoned(path):
    try:
        lock = os.open(path / LOCK_NAME, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:  # being made right now, or its owner died while making it
        try:
            return path.stat().st_mtime < time.time() - UNLOCKED_MAX_AGE
        except OSError:
            return False
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False  # its owner holds it: alive
    finally:
        os.close(lock)  # closing releases a lock we took
    return True


@contextlib.contextmanager
def local_copy(field_file, work):
    """A local path to read a stored file: its own path on disk, else a copy downloaded into
    the work folder `work` (object storage has no path)."""
    try:
        path = field_file.path
    except NotImplementedError:
        path = None
    if path and os.path.exists(path):
        yield path
        return
    copy = Path(work) / ("source" + Path(field_file.name).suffix)
    field_file.open("rb")
    try:
        with open(copy, "wb") as handle:
            shutil.copyfileobj(field_file, handle, length=1024 * 1024)
    finally:
        field_file.close()
    yield str(copy)
