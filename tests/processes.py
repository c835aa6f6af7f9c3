"""Processes of the tests: a real worker started in the background, what it starts (its job
process, the ffmpeg it runs), and waiting for a condition."""

import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import PROJECT_DIR, worker_environment


def start_worker(log, *queues):
    """A real `rqworker --burst` on `queues`, in the background, writing to the open file `log`."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "rqworker", "--burst", *queues],
        cwd=PROJECT_DIR,
        env=worker_environment(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def descendants(pid):
    """PIDs of the processes started by `pid`, at any depth (read from /proc)."""
    children = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def running(pid):
    """True while the process exists and is not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


def wait_for(condition, timeout=90, step=0.2, message="condition not reached in time"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(message)


def ffmpeg_processes(pids):
    """Those of `pids` that run ffmpeg or ffprobe."""
    found = []
    for pid in pids:
        try:
            program = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
        except OSError:
            continue
        if Path(program.decode()).name in {"ffmpeg", "ffprobe"}:
            found.append(pid)
    return found
