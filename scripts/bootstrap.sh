#!/usr/bin/env bash
# Install what the portal needs on a Debian/Ubuntu machine; safe to run again (idempotent).
#   bash scripts/bootstrap.sh          runtime: system packages, virtualenv, Python packages
#   bash scripts/bootstrap.sh --dev    also the test tools and Debian's chromium
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

# fonts-dejavu-core: the font of burned-in captions (every accent)
packages=(python3-venv python3-dev gcc ffmpeg redis-server gettext fonts-dejavu-core)
[ "$DEV" = 1 ] && packages+=(chromium git wrk nginx)  # wrk: bench/news_bench.py; nginx: tests/deploy/
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Installing system packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtualenv in .venv"
  python3 -m venv .venv
fi

extras=""
[ "$DEV" = 1 ] && extras="[dev]"
stamp=".bootstrap-stamp${extras:+-dev}"
signature="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$signature" ]; then
  echo "==> Installing Python packages"
  .venv/bin/python -m pip install -q --upgrade pip "setuptools>=75" wheel
  .venv/bin/python -m pip install -q -e ".${extras}"
  echo "$signature" > "$stamp"
fi

echo "==> Compiling translations"
.venv/bin/python manage.py compilemessages --ignore=.venv -v0
