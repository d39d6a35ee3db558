#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests, in a temporary folder, on a free port of 127.0.0.1.
#   scripts/pg_cluster.sh start DIR   → prints the server's URL (postgresql://…/postgres)
#   scripts/pg_cluster.sh stop DIR    → stops it and removes DIR
# initdb refuses to run as root: as root the cluster belongs to the `postgres` user.
# PG_BIN (default: the newest /usr/lib/postgresql/*/bin) picks the server binaries.
# GLOSS_PG_FSYNC=on keeps fsync on (benchmarks); tests run without it.
set -euo pipefail

PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
action="${1:?start or stop}"
dir="${2:?a folder}"

as_owner() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$action" in
start)
    [[ -x "$PG_BIN/initdb" ]] || { echo "no PostgreSQL server binaries" >&2; exit 3; }
    mkdir -p "$dir"
    [[ "$(id -u)" == 0 ]] && chown postgres "$dir"
    as_owner "$PG_BIN/initdb" -D "$dir/data" -U postgres -A trust --locale=C -E UTF8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    fsync="${GLOSS_PG_FSYNC:-off}"
    as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=$fsync -c full_page_writes=$fsync -c max_connections=200" \
        >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: $0 start|stop DIR" >&2
    exit 2
    ;;
esac
