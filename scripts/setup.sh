#!/usr/bin/env bash
# Installs what a fresh machine lacks for the tests: Debian's Chromium (for Playwright), Debian's PostgreSQL 15
# (the shared call cache's tests start a real server; tests/servers/postgres.ts) and the npm packages.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian ${missing[*]} for the tests"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
