#!/usr/bin/env bash
# Start a local Redis on 127.0.0.1:6379 when none answers there (for a one-machine portal).
# Prints nothing and succeeds when Redis answers; fails when it cannot be had.
set -uo pipefail
answers() { (exec 3<>/dev/tcp/127.0.0.1/6379) 2>/dev/null; }
answers && exit 0
command -v redis-server >/dev/null || { echo "redis-server is not installed" >&2; exit 1; }
echo "==> Starting a local Redis on 127.0.0.1:6379"
redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no >/dev/null
for _ in $(seq 1 50); do answers && exit 0; sleep 0.1; done
echo "Redis did not start" >&2
exit 1
