"""Finding 1 as an operator saw it: the portal's Procfile under honcho (scripts/run-portal.sh),
its Redis stopped for OUTAGE seconds, then started again. Prints, every few seconds, which of
the Procfile's processes are alive and what the public site, the admin's log-in and /healthz
answer; then whether anything listens once Redis is back.

Run from the checkout to measure (its .venv), e.g. the old code's worktree:
    cd ../findings-old && .venv/bin/python ../findings/scripts/prove_findings/outage_under_honcho.py
Environment: DATABASE_URL (PostgreSQL server; a database `<name>_honcho` is created and
migrated), FINDINGS_REDIS_PORTS, FINDINGS_WEB_PORTS (ports of one's own), OUTAGE (75)."""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

CHECKOUT = Path.cwd()
OUTAGE = int(os.environ.get("OUTAGE", "75"))


def port_in(name, default):
    first, last = (int(n) for n in os.environ.get(name, default).split("-"))
    for port in range(first, last + 1):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise SystemExit(f"no free port in {name}")


def status(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 (http://127.0.0.1)
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return "no answer"


def alive(process):
    return process.poll() is None


def procfile_processes(honcho_pid):
    """The Procfile's programs running under honcho (its descendants, read from /proc)."""
    parents, commands = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            commands[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if fields[0] not in {"Z", "X"}:
            parents.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = set(), [honcho_pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            todo.append(child)
            command = commands[child].decode(errors="replace")
            if "rqworker" in command:  # named by its queues: e847633 had one, main two
                found.add("rqworker " + command.split("rqworker", 1)[1].strip())
            programs = ("gunicorn", "rqcron", "run_scheduler")
            found.update(name for name in programs if name in command)
    return sorted(found)


def main():
    database = urlsplit(os.environ["DATABASE_URL"])
    name = database.path.lstrip("/") + "_honcho"
    redis_port = port_in("FINDINGS_REDIS_PORTS", "6390-6399")
    web_port = port_in("FINDINGS_WEB_PORTS", "8700-8709")
    folder = Path(tempfile.mkdtemp(prefix="outage-"))
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="tests.faults.settings",  # the test settings, page cache on
        PORTAL_TEST_DATABASE_NAME=name,
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",
        WEB_PORT=str(web_port),
        PORTAL_TEST_REDIS_SHIFTED="1",
        MEDIA_ROOT=str(folder / "media"),
    )
    python = str(CHECKOUT / ".venv/bin/python")
    host = ["-h", database.hostname or "127.0.0.1", "-U", database.username or "postgres"]
    subprocess.run(["dropdb", *host, "--if-exists", name], check=True)
    subprocess.run(["createdb", *host, name], check=True)
    redis_command = [shutil.which("redis-server"), "--port", str(redis_port), "--save", ""]
    redis_command += ["--dir", str(folder)]
    redis = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)
    honcho = None
    try:
        subprocess.run([python, "manage.py", "migrate", "-v0"], env=env, check=True)
        subprocess.run(
            [python, "manage.py", "shell", "-c",
             "from portal.demo.home import ensure_home_pages; ensure_home_pages()"],
            env=env, check=True,
        )  # fmt: skip
        processes = [line.split(":")[0] for line in open("Procfile") if ":" in line]
        log = open(folder / "honcho.log", "w")
        honcho = subprocess.Popen(
            [str(CHECKOUT / ".venv/bin/honcho"), "start", *processes],
            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        base = f"http://127.0.0.1:{web_port}"
        for _ in range(120):
            if status(base + "/healthz") == 200:
                break
            time.sleep(1)
        print(f"checkout {CHECKOUT.name}, Procfile processes {processes}, outage {OUTAGE} s")

        def sample(moment):
            print(
                f"{moment:>22} | honcho {'up' if alive(honcho) else 'EXITED'}"
                f" | running {procfile_processes(honcho.pid)}"
                f" | /fr/ {status(base + '/fr/')} | /admin/login/ {status(base + '/admin/login/')}"
                f" | /healthz {status(base + '/healthz')}",
                flush=True,
            )

        sample("before the outage")
        redis.send_signal(signal.SIGTERM)
        redis.wait(10)
        started = time.monotonic()
        while (elapsed := time.monotonic() - started) < OUTAGE:
            sample(f"Redis down, {elapsed:4.0f} s")
            time.sleep(10)
        redis = subprocess.Popen(redis_command, stdout=subprocess.DEVNULL)
        time.sleep(15)
        sample("Redis back for 15 s")
        log.flush()
        lines = (folder / "honcho.log").read_text().splitlines()
        first_stop = next((n for n, line in enumerate(lines) if "stopped (rc=" in line), None)
        if first_stop is not None:
            print("--- honcho's log: what the first process to stop printed, and honcho ---")
            print("\n".join(lines[max(0, first_stop - 6) : first_stop + 1]))
            print("\n".join(line for line in lines[first_stop + 1 :] if "system" in line))
    finally:
        if honcho and alive(honcho):
            os.killpg(honcho.pid, signal.SIGTERM)
            honcho.wait(30)
        redis.terminate()
        redis.wait(10)
        subprocess.run(["dropdb", *host, "--if-exists", name], check=False)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
