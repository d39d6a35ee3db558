#!/usr/bin/env bash
# The fault suite (issue 11): kill -9 during writes, concurrent writers and the window, a full
# disk, read-only and locked libraries, the memory bound. Not part of the test run. Prints a
# table (trials, survived, lost, hangs, failed) and exits 1 if anything was lost, hung or failed.
# Arguments go to the runner, e.g.
#   scripts/reliability.sh --quick                       # small inputs, 2 trials of each kind
#   scripts/reliability.sh --trials 50 --kinds kill-import,kill-annotate --seed 7
#   scripts/reliability.sh --list                        # the kinds and their default counts
# Then any pytest files in tests/reliability/ run too. Full-disk and read-only-mount trials
# need root (a small tmpfs); without it they are skipped with the reason.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh || exit 1
export QT_QPA_PLATFORM=offscreen
.venv/bin/python -m tests.reliability "$@"
status=$?
case " $* " in *" --list "*|*" -h "*|*" --help "*) exit $status ;; esac
if compgen -G "tests/reliability/test_*.py" >/dev/null; then
    # The full run includes the pytest files' on-demand tests (the 48 MB memory bound).
    case " $* " in *" --quick "*) ;; *) export GLOSS_FULL_MEMORY_TESTS=1 ;; esac
    .venv/bin/python -m pytest tests/reliability -q -p no:cacheprovider || status=1
fi
exit $status
