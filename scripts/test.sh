#!/usr/bin/env bash
# Install everything the tests need, check lint, format, types and import contracts, then run the tests.
# The README's test commands; CI runs the first (.ci/run).
#
#   bash scripts/test.sh           the full suite: every tier (unit, app, browser, spark, slow), PostgreSQL and axe-core
#   bash scripts/test.sh --fast    the fast loop: the checks, unit tests and one AppTest per page (no browser)
#
# Further arguments go to pytest (e.g. bash scripts/test.sh --fast -k funnel, or --lf for the last failures).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
if [ "${1:-}" = "--fast" ]; then
  mode=fast
  shift
fi

python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
mkdir -p .cache
bash scripts/check.sh

# The meeting pack's tests (both loops) and the browser tests drive Debian's Chromium; Playwright never downloads
# one. Installed once, when missing.
source scripts/system_packages.sh

if [ "$mode" = fast ]; then
  # pytest exits 5 when it collects no tests: with set -e that fails the run too.
  HYPOTHESIS_PROFILE=dev exec python -m pytest -q -n auto -m "(unit or smoke) and not slow" "$@"
fi

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

# Java 17 for the spark tier (PySpark comes with requirements-dev.txt): Debian's package, when missing.
source scripts/java.sh

# Every tier, spread over the machine's cores; each browser module stays in one worker (its own server).
HYPOTHESIS_PROFILE=ci python -m pytest -q -n auto --dist loadgroup "$@"
