#!/usr/bin/env bash
# Install everything the tests need and run them all. This is the README's
# test command and what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# The browser tests and the meeting pack drive Debian's Chromium; Playwright never downloads one.
source scripts/system_packages.sh

# pytest exits 5 when it collects no tests: with set -e that fails the run too.
python -m pytest -q "$@"
