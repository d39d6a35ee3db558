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
# Tests marked both_backends also run on a private PostgreSQL server (scripts/pg_cluster.sh),
# stopped on exit, failure included; without server binaries those runs skip, saying so.
if [[ -z "${GLOSS_TEST_PG_URL:-}" ]]; then
    pg_dir="$(mktemp -d "${TMPDIR:-/tmp}/gloss-pg.XXXXXX")"
    trap 'bash scripts/pg_cluster.sh stop "$pg_dir"' EXIT
    if url="$(bash scripts/pg_cluster.sh start "$pg_dir")"; then
        export GLOSS_TEST_PG_URL="$url"
    else
        echo "gloss: no PostgreSQL server for the tests: its runs are skipped" >&2
    fi
fi
status=0
.venv/bin/python -m pytest "$@" || status=$?
exit "$status"
