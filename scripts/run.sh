#!/usr/bin/env bash
# Start Gloss on the default library (or the one given with --library FILE / $GLOSS_LIBRARY).
# Sets everything up on the first run; see scripts/bootstrap.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
exec .venv/bin/python main.py "$@"
