#!/usr/bin/env bash
# Starts the service locally for development: scripts/run.sh
#
# - If ConnectionStrings__Postgres is not set, starts the project-local PostgreSQL
#   cluster (scripts/postgres.sh, database "desktomy") and uses it.
# - Starts the local mail catcher (tools/MailCatcher) on 127.0.0.1:${DESKTOMY_MAIL_PORT:-2525};
#   every message the service sends is saved under .local/mail.
# - Runs src/Api in the Development environment with development-only settings
#   (each can be overridden by setting the variable before calling this script).
# - Writes development tokens (12 h) to ${DESKTOMY_HTTP_ENV_FILE:-src/Api/http-client.env.json},
#   environment "dev", where src/Api/Desktomy.Email.Api.http picks them up.
# Ctrl-C (or TERM) stops the API, the mail catcher, and PostgreSQL if this script started it.
#
# DESKTOMY_CONFIGURATION (default Debug) is the build configuration; DESKTOMY_SKIP_BUILD=1
# uses what is already built in it.
set -euo pipefail

log() { printf 'run.sh: %s\n' "$*" >&2; }
die() { printf 'run.sh: ERROR: %s\n' "$*" >&2; exit 1; }

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"

command -v dotnet >/dev/null 2>&1 \
  || die "the .NET SDK ('dotnet') is not on PATH; install the .NET 10 SDK (see global.json)"

MAIL_PORT="${DESKTOMY_MAIL_PORT:-2525}"
MAIL_DIR="$REPO_ROOT/.local/mail"
MAIL_LOG="$REPO_ROOT/.local/mailcatcher.log"
HTTP_ENV_FILE="${DESKTOMY_HTTP_ENV_FILE:-$REPO_ROOT/src/Api/http-client.env.json}"
CONFIGURATION="${DESKTOMY_CONFIGURATION:-Debug}"
mkdir -p "$MAIL_DIR"

# --- Process management ----------------------------------------------------------
CATCHER_PID=""
API_PID=""
PG_STARTED=0

# Background processes run in their own session (setsid) so that the whole
# process tree (dotnet run + the app it starts) can be stopped by process group.
start_bg() {
  if command -v setsid >/dev/null 2>&1; then
    setsid "$@" &
  else
    "$@" &
  fi
}

# shellcheck disable=SC2317 # only called from the EXIT trap
stop_tree() { # stop_tree PID NAME
  local pid="$1" name="$2"
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  log "stopping $name..."
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
  trap - EXIT INT TERM
  stop_tree "$API_PID" "the API"
  stop_tree "$CATCHER_PID" "the mail catcher"
  if ((PG_STARTED)); then
    log "stopping the local PostgreSQL this script started..."
    bash "$REPO_ROOT/scripts/postgres.sh" stop || log "could not stop PostgreSQL; stop it with: scripts/postgres.sh stop"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- Database ------------------------------------------------------------------
if [[ -z "${ConnectionStrings__Postgres:-}" ]]; then
  if bash "$REPO_ROOT/scripts/postgres.sh" status 2>/dev/null; then
    log "the local PostgreSQL cluster is already running; it keeps running after this script (stop it with: scripts/postgres.sh stop)"
  else
    log "ConnectionStrings__Postgres is not set; starting the local PostgreSQL cluster (stopped again when this script ends)..."
    PG_STARTED=1
  fi
  conn="$(DESKTOMY_PGDATABASE="${DESKTOMY_PGDATABASE:-desktomy}" bash "$REPO_ROOT/scripts/postgres.sh")" \
    || die "could not start PostgreSQL (see messages above)"
  [[ -n "$conn" ]] || die "scripts/postgres.sh printed no connection string"
  export ConnectionStrings__Postgres="$conn"
fi
log "database: $ConnectionStrings__Postgres"

# --- Development-only settings (never use these values in production) ----------
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export ASPNETCORE_URLS="${ASPNETCORE_URLS:-http://127.0.0.1:5080}"
export Auth__SigningKey="${Auth__SigningKey:-desktomy-development-signing-key-not-for-production}"
# DEVELOPMENT-ONLY master key (base64 of 32 random bytes), published in this repository.
export Secrets__MasterKey="${Secrets__MasterKey:-5ZGLncQp1PxBcb54XkPIFl3YUmRg8u+rnvsRcHAOwfc=}"
export Mail__Platform__Host="${Mail__Platform__Host:-127.0.0.1}"
export Mail__Platform__Port="${Mail__Platform__Port:-$MAIL_PORT}"
export Mail__Platform__Security="${Mail__Platform__Security:-None}"
export Mail__AllowPrivateHosts="${Mail__AllowPrivateHosts:-true}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# --- Mail catcher ------------------------------------------------------------------
if port_open "$MAIL_PORT"; then
  die "port $MAIL_PORT on 127.0.0.1 is already in use (another mail catcher or run.sh?); stop it or set DESKTOMY_MAIL_PORT"
fi
log "starting the mail catcher on 127.0.0.1:$MAIL_PORT (log: $MAIL_LOG)..."
NO_BUILD=()
[[ "${DESKTOMY_SKIP_BUILD:-0}" == 1 ]] && NO_BUILD=(--no-build)
start_bg dotnet run "${NO_BUILD[@]}" --project tools/MailCatcher -c "$CONFIGURATION" -- --port "$MAIL_PORT" --out .local/mail \
  </dev/null >"$MAIL_LOG" 2>&1
CATCHER_PID=$!

# Wait until it listens (this also keeps its build from running alongside the API's).
for _ in $(seq 1 600); do
  port_open "$MAIL_PORT" && break
  if ! kill -0 "$CATCHER_PID" 2>/dev/null; then
    log "last lines of $MAIL_LOG:"
    tail -n 20 "$MAIL_LOG" >&2 || true
    die "the mail catcher exited before it was ready"
  fi
  sleep 0.5
done
port_open "$MAIL_PORT" || die "the mail catcher did not start listening on port $MAIL_PORT (see $MAIL_LOG)"

# --- Build and development tokens ------------------------------------------------
if [[ "${DESKTOMY_SKIP_BUILD:-0}" != 1 ]]; then
  log "building the API ($CONFIGURATION)..."
  dotnet build src/Api -c "$CONFIGURATION" -v minimal -nologo -clp:NoSummary >&2 || die "the build failed"
fi
api() { dotnet run --no-build --project src/Api -c "$CONFIGURATION" -- "$@"; }
token() { api token --hours 12 "$@" 2>/dev/null || die "could not mint a development token (token $*)"; }

admin_token="$(token --role tenant-admin --tenant demo --sub dev-admin)"
support_token="$(token --role support --sub dev-support)"
auditor_token="$(token --role auditor --sub dev-auditor)"
mkdir -p "$(dirname "$HTTP_ENV_FILE")"
cat >"$HTTP_ENV_FILE" <<JSON
{
  "dev": {
    "admin": "$admin_token",
    "support": "$support_token",
    "auditor": "$auditor_token"
  }
}
JSON

echo "Mail sent by the service is saved in: $MAIL_DIR"
echo "Mail catcher log:                     $MAIL_LOG"
echo "Development tokens for the .http file: $HTTP_ENV_FILE (environment \"dev\")"
if ((PG_STARTED)); then
  echo "PostgreSQL was started by this script and stops with it."
fi
echo "Starting the API (Ctrl-C to stop)..."

# --- API -----------------------------------------------------------------------------
start_bg dotnet run --no-build --project src/Api -c "$CONFIGURATION" </dev/null
API_PID=$!
rc=0
wait "$API_PID" || rc=$?
API_PID=""
exit "$rc"
