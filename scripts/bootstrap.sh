#!/usr/bin/env bash
# Make this checkout ready to run and test Gloss on Debian or Ubuntu:
#   1. a Python >= 3.11 (GLOSS_PYTHON picks it; default python3),
#   2. the Debian libraries Qt needs (installed when root, else the apt line is printed),
#   3. a virtualenv in .venv with the project installed editable, with its test extras.
# Safe to run again and again: each step does nothing when its work is already done.
# Called by scripts/run.sh and scripts/test.sh; works from any directory.
#
# Environment:
#   GLOSS_PYTHON=python3.12   interpreter used to create .venv (default: python3)
#   GLOSS_SKIP_APT=1          don't check or install Debian packages

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="$ROOT/.venv"
STAMP="$VENV/.gloss-installed"
MIN_PYTHON="3.11"

say() { printf 'gloss: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# Run a command with its output kept in a log; show the log only if the command fails.
quietly() {
    local log status
    log="$(mktemp "${TMPDIR:-/tmp}/gloss-bootstrap.XXXXXX")"
    if "$@" >"$log" 2>&1; then
        rm -f "$log"
    else
        status=$?
        cat "$log" >&2
        rm -f "$log"
        say "error: '$*' failed (exit $status)"
        exit "$status"
    fi
}

# --- 1. Python ------------------------------------------------------------------------------

PYTHON="${GLOSS_PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null 2>&1; then
    die "'$PYTHON' not found. Gloss needs Python $MIN_PYTHON or newer:
  sudo apt-get install python3 python3-venv
or point GLOSS_PYTHON at another interpreter, e.g. export GLOSS_PYTHON=python3.12"
fi
PY_VERSION="$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" \
    || die "'$PYTHON' does not run"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    die "'$PYTHON' is Python $PY_VERSION; Gloss needs Python $MIN_PYTHON or newer.
Install a newer one and point GLOSS_PYTHON at it, e.g. export GLOSS_PYTHON=python3.12"
fi

# --- 2. Debian packages ---------------------------------------------------------------------

# What PySide6's wheels load but don't ship (read off `ldd` of QtCore, QtGui, QtWidgets, and the
# xcb and offscreen platform plugins). "a|b" means either name will do: Ubuntu 24.04 renamed
# some libraries (the 64-bit time_t transition), and the first name apt knows is installed.
QT_PACKAGES=(
    fonts-dejavu-core
    libfontconfig1
    libdbus-1-3
    "libglib2.0-0|libglib2.0-0t64"
    libegl1
    libgl1
    libxkbcommon-x11-0
    libxcb-cursor0
    libxcb-icccm4
    libxcb-image0
    libxcb-keysyms1
    libxcb-randr0
    libxcb-render-util0
    libxcb-shape0
    libxcb-xkb1
)

is_installed() {
    local name
    local -a names
    IFS='|' read -r -a names <<<"$1"
    for name in "${names[@]}"; do
        if dpkg-query -W -f='${Status}\n' "$name" 2>/dev/null | grep -q '^install ok installed$'
        then
            return 0
        fi
    done
    return 1
}

# The first alternative apt has a real (not purely virtual) package for; else the first one.
apt_name() {
    local name
    local -a names
    IFS='|' read -r -a names <<<"$1"
    for name in "${names[@]}"; do
        if apt-cache show --no-all-versions "$name" >/dev/null 2>&1; then
            printf '%s\n' "$name"
            return
        fi
    done
    printf '%s\n' "${names[0]}"
}

venv_works() {
    "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1
}

needs_new_venv() {
    if ! venv_works; then
        return 0
    fi
    # An explicit GLOSS_PYTHON of another version than the venv's means: rebuild it.
    if [[ -n "${GLOSS_PYTHON:-}" ]]; then
        local venv_version
        venv_version="$("$VENV/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
        [[ "$venv_version" != "$PY_VERSION" ]] && return 0
    fi
    return 1
}

NEW_VENV=0
if needs_new_venv; then
    NEW_VENV=1
fi

if [[ "${GLOSS_SKIP_APT:-0}" == 1 ]]; then
    :
elif ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
    say "not a Debian-like system: skipping the system package check."
    say "Qt needs fontconfig, libGL/libEGL, libxkbcommon-x11 and the xcb-util libraries."
else
    missing=()
    for spec in "${QT_PACKAGES[@]}"; do
        is_installed "$spec" || missing+=("$spec")
    done
    # Debian's own Python splits venv/ensurepip into pythonX.Y-venv; check only when needed.
    if [[ $NEW_VENV == 1 ]] && ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        missing+=("python$PY_VERSION-venv|python3-venv")
    fi

    if ((${#missing[@]})); then
        if [[ "$(id -u)" == 0 ]]; then
            say "installing Debian packages: ${missing[*]//|/ or }"
            quietly apt-get update
            to_install=()
            for spec in "${missing[@]}"; do
                to_install+=("$(apt_name "$spec")")
            done
            quietly env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y --no-install-recommends "${to_install[@]}"
        else
            to_install=()
            for spec in "${missing[@]}"; do
                to_install+=("$(apt_name "$spec")")
            done
            die "Gloss needs these Debian packages, which are not installed:
  sudo apt-get install --no-install-recommends ${to_install[*]}
Run that, then run this command again (or set GLOSS_SKIP_APT=1 to go on without them)."
        fi
    fi
fi

# --- 3. Virtualenv and the project ----------------------------------------------------------

if [[ $NEW_VENV == 1 ]]; then
    if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
        die "'$PYTHON' cannot create virtualenvs (no ensurepip/venv module).
On Debian or Ubuntu: sudo apt-get install python$PY_VERSION-venv"
    fi
    say "creating .venv with $PYTHON (Python $PY_VERSION)"
    rm -rf "$VENV"
    quietly "$PYTHON" -m venv "$VENV"
fi

wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"
if [[ "$wanted" != "$have" ]]; then
    if [[ -z "$have" ]]; then
        say "installing Gloss and its dependencies into .venv (this takes a minute)"
    else
        say "pyproject.toml changed: updating .venv"
    fi
    quietly "$VENV/bin/python" -m pip install --disable-pip-version-check -e ".[test]"
    printf '%s\n' "$wanted" >"$STAMP"
fi
