#!/usr/bin/env bash
# Runs before `npm start` and `npm test` so that each is the only command a fresh clone
# needs: Node 24, the Temporal CLI, and the npm dependencies when they are missing or
# older than the lock file. With --system also the test-only Debian packages.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap-tools.sh "$@"
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "ensure-ready: installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
