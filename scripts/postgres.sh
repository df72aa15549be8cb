#!/usr/bin/env bash
# Ensures a project-local PostgreSQL cluster is running and prints its Npgsql
# connection string on stdout. All progress messages go to stderr.
#
# Usage:
#   scripts/postgres.sh [start]   start (initialising if needed), create the database,
#                                 print "Host=127.0.0.1;Port=...;Username=postgres;Database=..."
#   scripts/postgres.sh stop      stop the cluster (no-op if it is not running)
#   scripts/postgres.sh status    report whether the cluster is running (exit 0 if it is)
#
# Environment:
#   DESKTOMY_PGDATA       data directory (default: <repo>/.local/postgres, or
#                         /var/tmp/desktomy-postgres-<hash> when the 'postgres' user
#                         cannot reach the repository)
#   DESKTOMY_PGPORT       TCP port on 127.0.0.1 (default: 55432)
#   DESKTOMY_PGDATABASE   database to create (default: desktomy)
#   DESKTOMY_PG_FAST=1    start with fsync/synchronous_commit/full_page_writes off
#                         (tests only; applies when the server is started by this call)
set -euo pipefail

log() { printf 'postgres.sh: %s\n' "$*" >&2; }
die() { printf 'postgres.sh: ERROR: %s\n' "$*" >&2; exit 1; }

ACTION="${1:-start}"
case "$ACTION" in
  start | stop | status) ;;
  -h | --help | help)
    sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 0
    ;;
  *) die "unknown command '$ACTION' (expected: start, stop or status)" ;;
esac

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
PORT="${DESKTOMY_PGPORT:-55432}"
DB="${DESKTOMY_PGDATABASE:-desktomy}"
FAST="${DESKTOMY_PG_FAST:-0}"

if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
  die "DESKTOMY_PGPORT must be a TCP port number, got '$PORT'"
fi
[[ "$DB" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] \
  || die "DESKTOMY_PGDATABASE must match [A-Za-z_][A-Za-z0-9_]*, got '$DB'"

IS_ROOT=0
[[ "$(id -u)" -eq 0 ]] && IS_ROOT=1

short_hash() { printf '%s' "$1" | sha256sum | cut -c1-10; }

# Run a command as the PostgreSQL OS user (PostgreSQL refuses to run as root).
# cd / first so an unreadable current directory does not upset initdb/pg_ctl.
as_pg() {
  if ((IS_ROOT)); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# --- 1. Binaries -------------------------------------------------------------
have_initdb() { compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; }

install_postgres() {
  local sudo=()
  if ((!IS_ROOT)); then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo=(sudo -n)
    else
      die "PostgreSQL is not installed and this is not root; install it with: apt-get install -y postgresql"
    fi
  fi
  command -v apt-get >/dev/null 2>&1 || die "PostgreSQL is not installed and apt-get is not available"
  log "PostgreSQL not found; installing it with apt-get (this takes a minute)..."
  "${sudo[@]}" apt-get update >&2 || die "apt-get update failed"
  # The Debian package may create and start a system cluster on port 5432.
  # We do not use it, and a failure to start it must not stop us.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql >&2 \
    || have_initdb || die "apt-get install postgresql failed"
  have_initdb || die "apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb exists"
}

if [[ "$ACTION" == start ]] && ! have_initdb; then
  install_postgres
fi
if ((IS_ROOT)) && ! id -u postgres >/dev/null 2>&1; then
  die "the 'postgres' OS user does not exist (it is created by the Debian postgresql package)"
fi

# --- 2. Data directory -------------------------------------------------------
# True if the postgres OS user can reach (traverse) the nearest existing ancestor
# of $1; directories we create below it get mode 755.
pg_can_reach() {
  local dir="$1"
  while [[ ! -e "$dir" ]]; do dir="$(dirname "$dir")"; done
  ((IS_ROOT)) || return 0
  (cd / && runuser -u postgres -- test -x "$dir") 2>/dev/null
}

if [[ -n "${DESKTOMY_PGDATA:-}" ]]; then
  DATA="$DESKTOMY_PGDATA"
  [[ "$DATA" == /* ]] || DATA="$PWD/$DATA"
  pg_can_reach "$DATA" \
    || die "the 'postgres' OS user cannot traverse the parent directories of DESKTOMY_PGDATA=$DATA"
else
  DATA="$REPO_ROOT/.local/postgres"
  if ! pg_can_reach "$DATA"; then
    FALLBACK="/var/tmp/desktomy-postgres-$(short_hash "$REPO_ROOT")"
    [[ "$ACTION" == start ]] && log "the 'postgres' OS user cannot traverse the parent directories of $DATA" \
      "(e.g. a mode-700 home directory); using $FALLBACK instead"
    DATA="$FALLBACK"
  fi
fi

# Serialise concurrent invocations for the same data directory.
if command -v flock >/dev/null 2>&1; then
  LOCK="${TMPDIR:-/tmp}/desktomy-postgres-$(short_hash "$DATA").lock"
  exec 9>>"$LOCK"
  flock -w 300 9 || die "timed out waiting for lock $LOCK"
  # (fd 9 is closed for pg_ctl start below so the server does not inherit the lock)
fi

# --- 3. Pick binaries matching the cluster (or prefer 15) --------------------
BIN=""
if [[ -f "$DATA/PG_VERSION" ]]; then
  DATA_VERSION="$(cat "$DATA/PG_VERSION")"
  [[ -x "/usr/lib/postgresql/$DATA_VERSION/bin/pg_ctl" ]] \
    || die "$DATA was created by PostgreSQL $DATA_VERSION, which is not installed (apt-get install postgresql-$DATA_VERSION, or delete the directory)"
  BIN="/usr/lib/postgresql/$DATA_VERSION/bin"
elif [[ -x /usr/lib/postgresql/15/bin/initdb ]]; then
  BIN=/usr/lib/postgresql/15/bin
elif have_initdb; then
  BIN="$(dirname "$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")"
  log "PostgreSQL 15 not found; using $BIN"
fi

is_running() {
  [[ -n "$BIN" && -f "$DATA/PG_VERSION" ]] || return 1
  as_pg "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

# Port the running server was started with (line 4 of postmaster.pid).
running_port() { sed -n '4p' "$DATA/postmaster.pid" 2>/dev/null || true; }

# --- stop / status -----------------------------------------------------------
if [[ "$ACTION" == stop ]]; then
  if is_running; then
    log "stopping PostgreSQL cluster in $DATA..."
    as_pg "$BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 >&2
    log "stopped"
  else
    log "no cluster running in $DATA; nothing to stop"
  fi
  exit 0
fi
if [[ "$ACTION" == status ]]; then
  if is_running; then
    log "running: data $DATA, port $(running_port)"
    exit 0
  fi
  log "not running (data directory $DATA)"
  exit 3
fi

# --- 4. Initialise -----------------------------------------------------------
[[ -n "$BIN" ]] || die "no PostgreSQL binaries found under /usr/lib/postgresql"

if [[ ! -f "$DATA/PG_VERSION" ]]; then
  if [[ -d "$DATA" ]] && [[ -n "$(ls -A "$DATA" 2>/dev/null)" ]]; then
    die "$DATA exists, is not empty and is not a PostgreSQL data directory; remove it or set DESKTOMY_PGDATA"
  fi
  log "initialising a new PostgreSQL cluster in $DATA..."
  (umask 022 && mkdir -p "$DATA")
  if ((IS_ROOT)); then chown postgres:postgres "$DATA"; fi
  chmod 700 "$DATA"
  as_pg "$BIN/initdb" -D "$DATA" -A trust -U postgres --encoding=UTF8 --no-locale >&2 \
    || die "initdb failed"
fi

# --- 5. Start ----------------------------------------------------------------
# Unix socket in the data directory (keeps us away from the system cluster's
# /var/run/postgresql) unless the path would exceed the 107-byte socket limit.
SOCKDIR="$DATA"
if ((${#DATA} + 20 > 100)); then
  log "data directory path is long; disabling the Unix socket (TCP 127.0.0.1 only)"
  SOCKDIR=""
fi

ALREADY_RUNNING=0
pg_ready() { "$BIN/pg_isready" -q -h 127.0.0.1 -p "$1" -t 2 >/dev/null 2>&1; }

if is_running; then
  CURRENT_PORT="$(running_port)"
  if [[ -n "$CURRENT_PORT" && "$CURRENT_PORT" != "$PORT" ]]; then
    die "the cluster in $DATA is already running on port $CURRENT_PORT, not $PORT; run 'scripts/postgres.sh stop' first or set DESKTOMY_PGPORT=$CURRENT_PORT"
  fi
  log "cluster in $DATA already running on port $PORT"
  ALREADY_RUNNING=1
else
  # Is something else (e.g. another checkout's cluster) listening on our port?
  set +e
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" -t 2 >/dev/null 2>&1
  probe=$?
  set -e
  if ((probe == 0 || probe == 1)); then
    die "port $PORT on 127.0.0.1 is already used by another server; set DESKTOMY_PGPORT to a free port"
  fi
  OPTS="-p $PORT -k '$SOCKDIR' -c listen_addresses=127.0.0.1"
  if [[ "$FAST" == 1 ]]; then
    OPTS+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  log "starting PostgreSQL ($BIN) on 127.0.0.1:$PORT, data $DATA$([[ "$FAST" == 1 ]] && printf ' (fast, non-durable mode)')..."
  if ! as_pg "$BIN/pg_ctl" start -D "$DATA" -l "$DATA/server.log" -w -t 60 -o "$OPTS" >&2 9>&-; then
    log "last lines of $DATA/server.log:"
    tail -n 20 "$DATA/server.log" >&2 2>/dev/null || true
    die "PostgreSQL failed to start"
  fi
fi

for _ in $(seq 1 30); do
  pg_ready "$PORT" && break
  sleep 1
done
pg_ready "$PORT" || die "PostgreSQL is not accepting connections on 127.0.0.1:$PORT (see $DATA/server.log)"

# --- 6. Database -------------------------------------------------------------
psql_admin() {
  PGCONNECT_TIMEOUT=10 "$BIN/psql" -X -w -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$PORT" -U postgres -d postgres "$@"
}
if ((ALREADY_RUNNING)); then
  if [[ "$(psql_admin -tAc 'SHOW fsync' 2>/dev/null || true)" == off ]]; then
    [[ "$FAST" == 1 ]] || log "note: the running server was started in fast, non-durable mode (fsync=off); restart it with 'scripts/postgres.sh stop' to change that"
  elif [[ "$FAST" == 1 ]]; then
    log "note: the running server was started without DESKTOMY_PG_FAST (durable mode); that is fine, only slower"
  fi
fi
db_exists() { [[ "$(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" == 1 ]]; }

if ! db_exists; then
  log "creating database $DB..."
  psql_admin -c "CREATE DATABASE \"$DB\"" >&2 || db_exists || die "could not create database $DB"
fi

log "ready: database $DB on 127.0.0.1:$PORT (data $DATA)"
printf 'Host=127.0.0.1;Port=%s;Username=postgres;Database=%s\n' "$PORT" "$DB"
