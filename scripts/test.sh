#!/usr/bin/env bash
# Run the whole test suite (unit, worker, ffmpeg, browser journeys and ruff).
# Uses DATABASE_URL and REDIS_URL when set (CI sets PostgreSQL and Redis); otherwise SQLite and
# database 15 of a local Redis, started if needed. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh --dev
[ -n "${REDIS_URL:-}" ] || bash scripts/ensure-redis.sh
exec .venv/bin/python -m pytest "$@"
