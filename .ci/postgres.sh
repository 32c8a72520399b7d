#!/usr/bin/env bash
# Start (installing it first if needed) a throw-away PostgreSQL server for the tests.
#
#   eval "$(bash .ci/postgres.sh | tail -n1)"   # sets SOPGRAPH_TEST_POSTGRES_URL
#   bash .ci/postgres.sh --stop                  # stops it again
#
# The cluster is our own (not Debian's "main" cluster): initialised in
# $SOPGRAPH_PG_DIR (default /tmp/sopgraph-pg-<uid>), owned by the `postgres` user when run
# as root (initdb refuses root), listening on 127.0.0.1 only, on a free port, with a
# random password, and tuned for tests (no fsync: a crash loses nothing we need).
# Idempotent: a second call reuses the running server, or restarts the stopped one.
# Progress goes to stderr; stdout is only the final `export ...` line.
set -euo pipefail

DIR="${SOPGRAPH_PG_DIR:-${TMPDIR:-/tmp}/sopgraph-pg-$(id -u)}"
DB="${SOPGRAPH_PG_DB:-sopgraph_test}"
SUPERUSER=postgres

log() { echo "postgres.sh: $*" >&2; }

pg_bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
    [[ -n "$dir" && -x "$dir/initdb" ]] && echo "$dir"
}

install_postgres() {
    log "installing postgresql with apt-get (not found in /usr/lib/postgresql)"
    [[ $(id -u) -eq 0 ]] || { log "must be root to install postgresql"; exit 1; }
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
}

# Run a server command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

init_cluster() {
    log "initialising a cluster in $DIR"
    mkdir -p "$DIR"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DIR/password"
    [[ $(id -u) -eq 0 ]] && chown -R postgres:postgres "$DIR"
    chmod 700 "$DIR"
    if ! as_owner "$BIN/initdb" -D "$DIR/data" -U "$SUPERUSER" --pwfile="$DIR/password" \
        --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 --no-sync \
        >"$DIR/initdb.log" 2>&1; then
        cat "$DIR/initdb.log" >&2
        exit 1
    fi
    cat >>"$DIR/data/postgresql.conf" <<EOF
# sopgraph test server
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
}

start_server() {
    local port tries=0
    while :; do
        port=$(free_port)
        if as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
            -o "-p $port" start >&2; then
            echo "$port" >"$DIR/port"
            return
        fi
        tries=$((tries + 1))
        if [[ $tries -ge 3 ]]; then
            log "server did not start; its log:"
            tail -n 30 "$DIR/server.log" >&2 || true
            exit 1
        fi
    done
}

BIN=$(pg_bindir || true)

if [[ "${1:-}" == "--stop" ]]; then
    if [[ -n "$BIN" && -f "$DIR/data/PG_VERSION" ]]; then
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2 || true
    fi
    exit 0
fi

if [[ -z "$BIN" ]]; then
    install_postgres
    BIN=$(pg_bindir) || { log "postgresql installed but no initdb found"; exit 1; }
fi

# A cluster left by another major version (the machine's PostgreSQL was upgraded) cannot
# be started by this one: it only ever held test data, so start afresh.
MAJOR=$(basename "$(dirname "$BIN")")
if [[ -f "$DIR/data/PG_VERSION" && "$(cat "$DIR/data/PG_VERSION")" != "$MAJOR" ]]; then
    log "discarding the PostgreSQL $(cat "$DIR/data/PG_VERSION") cluster in $DIR (now $MAJOR)"
    rm -rf "$DIR"
fi
[[ -f "$DIR/data/PG_VERSION" ]] || init_cluster

if as_owner "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
    if [[ -f "$DIR/port" ]]; then
        log "reusing the server already running in $DIR"
    else
        as_owner "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >&2
        start_server
    fi
else
    start_server
fi

PORT=$(cat "$DIR/port")
PASSWORD=$(cat "$DIR/password")
export PGPASSWORD="$PASSWORD"
PSQL=("$BIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U "$SUPERUSER" -d postgres -v ON_ERROR_STOP=1 -tA)
if [[ -z "$("${PSQL[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]]; then
    "${PSQL[@]}" -c "CREATE DATABASE $DB" >&2
fi
log "PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') ready on 127.0.0.1:$PORT"
echo "export SOPGRAPH_TEST_POSTGRES_URL=postgresql://$SUPERUSER:$PASSWORD@127.0.0.1:$PORT/$DB"
