#!/usr/bin/env bash
# Run a command and start it again whenever it stops, until this script is asked to stop.
#   scripts/keep-running.sh .venv/bin/python manage.py rqworker media
# Why: under honcho (scripts/run-portal.sh) one process that exits stops all the others. Each
# process of the Procfile runs under this script, so a worker killed (kill -9, out of memory)
# or a scheduler that crashed comes back after RESTART_DELAY seconds and the others carry on.
# SIGTERM or SIGINT to this script is passed on to the command, and then it stops for good.
# In production systemd does the same (deploy/systemd/, Restart=always).
set -uo pipefail
delay="${RESTART_DELAY:-2}"
child=""
stopping=""
stop() {
  stopping=1
  [ -n "$child" ] && kill -TERM "$child" 2>/dev/null
}
trap stop TERM INT
while true; do
  "$@" &
  child=$!
  wait "$child"
  status=$?
  # `wait` returns early when a trapped signal arrives: wait for the command to really end.
  while kill -0 "$child" 2>/dev/null; do wait "$child"; status=$?; done
  child=""
  [ -n "$stopping" ] && exit 0
  echo "keep-running: '$*' stopped (status $status); starting it again in ${delay}s" >&2
  sleep "$delay" &
  wait $! || true
  [ -n "$stopping" ] && exit 0
done
