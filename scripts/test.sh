#!/usr/bin/env bash
# Lint with ruff (rules and formatting), type-check with mypy (strict on importers/ and models/;
# see pyproject.toml), then run the whole test suite headless (Qt's offscreen platform).
# Arguments go to pytest, e.g. scripts/test.sh -k qt_binding -x
# Sets everything up on the first run; see scripts/bootstrap.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/mypy
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
