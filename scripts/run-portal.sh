#!/usr/bin/env bash
# Set up everything and run the whole portal (web, worker, scheduler) on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh

processes="web worker-media worker-mail clock"
if [ -z "${REDIS_URL:-}" ] && ! bash scripts/ensure-redis.sh; then
  echo "==> No Redis: jobs will run inside web requests (in-process queue)."
  processes="web"
fi

PY=.venv/bin/python
echo "==> Preparing the database"
$PY manage.py migrate --no-input -v0
$PY manage.py collectstatic --no-input -v0
echo "==> Loading the demo content (this can take a minute the first time)"
$PY manage.py load_demo_content
$PY manage.py ensure_admin_account

echo "==> Starting ${processes} — the portal is at http://127.0.0.1:${WEB_PORT:-8000}/ (Ctrl-C stops it)"
exec .venv/bin/honcho start $processes
