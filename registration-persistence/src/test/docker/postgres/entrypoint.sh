#!/bin/sh
# Entrypoint of matrix-registration/postgres-test (runs as user postgres).
#
# Environment (defaults test/test/test):
#   POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB
# Arguments are passed on to `postgres`, e.g. `-c max_connections=300`
# (a leading `postgres` is dropped, so `postgres -c fsync=off` works too).
# `--init-only` initialises the cluster and exits (used at image build time).
#
# The image ships a cluster already initialised for the defaults
# (test/test/test, marker file $PGDATA/.postgres-test-baked). A container that
# uses those values starts the server straight away (about 1 s); any other
# user/password/database wipes the baked cluster and runs initdb (about 2 s).
#
# Initialisation = initdb (superuser POSTGRES_USER with POSTGRES_PASSWORD) +
# CREATE DATABASE POSTGRES_DB in single-user mode. No temporary server is
# started, so "database system is ready to accept connections" is logged
# exactly once per container start. Logs go to stdout/stderr.
set -eu

POSTGRES_USER="${POSTGRES_USER:-test}"
POSTGRES_PASSWORD="${POSTGRES_PASSWORD:-test}"
POSTGRES_DB="${POSTGRES_DB:-test}"
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGDATA
BAKED="$PGDATA/.postgres-test-baked"

# Quote an SQL identifier: "name" with embedded " doubled.
quote_ident() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }

credentials_hash() {
  printf '%s\n%s\n%s\n' "$POSTGRES_USER" "$POSTGRES_DB" "$POSTGRES_PASSWORD" | sha256sum | cut -d' ' -f1
}

init_cluster() {
  pwfile="$(mktemp)"
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --pgdata="$PGDATA" --username="$POSTGRES_USER" --pwfile="$pwfile" \
    --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 \
    --no-sync >/dev/null
  rm -f "$pwfile"

  cat >"$PGDATA/pg_hba.conf" <<HBA
# TYPE  DATABASE  USER  ADDRESS      METHOD
local   all       all                trust
host    all       all   0.0.0.0/0    scram-sha-256
host    all       all   ::/0         scram-sha-256
HBA

  cat >>"$PGDATA/postgresql.conf" <<CONF

# --- matrix-registration test settings ---
listen_addresses = '*'
port = 5432
unix_socket_directories = '/var/run/postgresql'
password_encryption = 'scram-sha-256'
# Durability is worthless in a throw-away test database; speed is not.
fsync = off
synchronous_commit = off
full_page_writes = off
# Logs go to stderr (container log), no log files.
logging_collector = off
log_destination = 'stderr'
CONF

  if [ "$POSTGRES_DB" != "postgres" ]; then
    # Single-user mode exits 0 even when the statement fails: check its output.
    out="$(mktemp)"
    echo "CREATE DATABASE $(quote_ident "$POSTGRES_DB") OWNER $(quote_ident "$POSTGRES_USER");" \
      | postgres --single -j -D "$PGDATA" postgres >"$out" 2>&1 || true
    if grep -Eq '(ERROR|FATAL|PANIC):' "$out"; then
      cat "$out" >&2
      echo "postgres-test: creating database $POSTGRES_DB failed" >&2
      exit 1
    fi
    rm -f "$out"
  fi
  echo "postgres-test: initialised cluster (user=$POSTGRES_USER db=$POSTGRES_DB)"
}

if [ "${1:-}" = "--init-only" ]; then
  init_cluster
  credentials_hash >"$BAKED"
  exit 0
fi

if [ -f "$BAKED" ]; then
  if [ "$(cat "$BAKED")" = "$(credentials_hash)" ]; then
    rm -f "$BAKED"   # claimed: from now on it is this container's cluster
    echo "postgres-test: using pre-initialised cluster (user=$POSTGRES_USER db=$POSTGRES_DB)"
  else
    find "$PGDATA" -mindepth 1 -delete
    init_cluster
  fi
elif [ ! -s "$PGDATA/PG_VERSION" ]; then
  init_cluster
fi

# Accept a command that repeats the program name, as Testcontainers'
# PostgreSQLContainer sets it (`postgres -c fsync=off`).
if [ "${1:-}" = "postgres" ]; then
  shift
fi

exec postgres -D "$PGDATA" "$@"
