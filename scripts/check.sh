#!/usr/bin/env bash
# Lint, format, types and import contracts: what scripts/test.sh runs before any test (each configured in
# pyproject.toml). Fails on the first that does not pass. Needs requirements-dev.txt installed.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "check: ruff (lint)"
python -m ruff check --quiet .
echo "check: ruff (format)"
python -m ruff format --check --quiet .
echo "check: mypy"
python -m mypy --no-error-summary
echo "check: import contracts"
lint-imports --no-cache > .cache/lint-imports.log 2>&1 || { cat .cache/lint-imports.log; exit 1; }
grep -E "^Contracts:" .cache/lint-imports.log
