#!/usr/bin/env bash
# The scale benchmark (issue 6): one table of medians against floors, and the issue's targets.
# Not part of the test run. Arguments go to the benchmark, e.g.
#   scripts/perf.sh --quick                  # small sizes, a smoke run (under two minutes)
#   scripts/perf.sh --json perf.json         # the full run (100,000 articles), table as JSON too
#   scripts/perf.sh --profile perf-profile   # plus a cProfile of each operation
# The big library is built once per seed and kept in $TMPDIR/gloss-perf (--rebuild to redo it).
# Exits 1 when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m tests.perf.bench_limits  # the limits unit tests once asserted, first
exec .venv/bin/python -m tests.perf.bench "$@"
