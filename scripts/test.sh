#!/usr/bin/env bash
# Install everything the tests need and run them all. This is the README's
# test command and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# The browser tests and the meeting pack drive Debian's Chromium; Playwright never downloads one.
source scripts/system_packages.sh

# axe-core, the accessibility rules the browser tests run on every page, from npm at a fixed version (needs npm:
# Debian's package is installed when missing). The tests find it through AXE_JS.
AXE_VERSION=4.14.1
if [ ! -f .cache/axe/node_modules/axe-core/axe.min.js ] || ! grep -q "\"version\": \"$AXE_VERSION\"" .cache/axe/node_modules/axe-core/package.json; then
  command -v npm >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
  npm install --silent --no-audit --no-fund --prefix .cache/axe "axe-core@$AXE_VERSION" >/dev/null
fi
export AXE_JS="$PWD/.cache/axe/node_modules/axe-core/axe.min.js"

# PostgreSQL for the shared key-message store's tests (a throwaway server, stopped on exit).
source scripts/postgres.sh

# pytest exits 5 when it collects no tests: with set -e that fails the run too.
python -m pytest -q "$@"
