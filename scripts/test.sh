#!/usr/bin/env bash
# Runs the whole test suite: scripts/test.sh [extra dotnet test arguments]
#
# If ConnectionStrings__Postgres is not set, a project-local PostgreSQL cluster is
# started (installing PostgreSQL with apt-get if needed) via scripts/postgres.sh,
# using the database desktomy_test in fast, non-durable mode.
# Builds first (one line per project), then prints one line per test project and,
# only when something fails, each failure's name, message and stack trace. Ends with
# a summary line "N passed, N failed[, N skipped]" computed from the TRX results in
# <repo>/TestResults, and exits with the build's or dotnet test's exit code
# (non-zero as well when no test ran at all). Test hosts' console logging is off
# (the tests capture their logs themselves).
set -euo pipefail

log() { printf 'test.sh: %s\n' "$*" >&2; }
die() { printf 'test.sh: ERROR: %s\n' "$*" >&2; exit 1; }

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$REPO_ROOT"

export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"
export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"

command -v dotnet >/dev/null 2>&1 \
  || die "the .NET SDK ('dotnet') is not on PATH; install the .NET 10 SDK (see global.json)"

# The console's browser tests drive Debian's chromium: Playwright cannot download a browser on these machines.
if ! command -v chromium >/dev/null 2>&1; then
  log "chromium is not installed; installing Debian's package for the browser tests..."
  apt=(env DEBIAN_FRONTEND=noninteractive apt-get)
  if [[ "$(id -u)" -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null \
      || die "chromium is missing and this is not root: apt-get install -y --no-install-recommends chromium"
    apt=(sudo -n "${apt[@]}")
  fi
  { "${apt[@]}" install -y --no-install-recommends chromium >&2 \
    || { "${apt[@]}" update >&2 && "${apt[@]}" install -y --no-install-recommends chromium >&2; }; } \
    || die "could not install chromium (apt-get install -y --no-install-recommends chromium)"
fi

if [[ -z "${ConnectionStrings__Postgres:-}" ]]; then
  log "ConnectionStrings__Postgres is not set; starting the local PostgreSQL test cluster..."
  conn="$(DESKTOMY_PG_FAST=1 DESKTOMY_PGDATABASE=desktomy_test bash "$REPO_ROOT/scripts/postgres.sh")" \
    || die "could not start PostgreSQL (see messages above)"
  [[ -n "$conn" ]] || die "scripts/postgres.sh printed no connection string"
  export ConnectionStrings__Postgres="$conn"
  log "using ConnectionStrings__Postgres=$conn"
else
  log "using the ConnectionStrings__Postgres given by the caller"
fi

# DESKTOMY_TEST_SOLUTION / DESKTOMY_TEST_RESULTS: another solution or project and results directory
# (the script's own tests run it on a small fixture project).
SOLUTION="${DESKTOMY_TEST_SOLUTION:-Desktomy.Email.sln}"
if [[ ! -f "$SOLUTION" && -f Desktomy.Email.slnx ]]; then
  SOLUTION=Desktomy.Email.slnx
fi

RESULTS="${DESKTOMY_TEST_RESULTS:-$REPO_ROOT/TestResults}"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"

# VSTest runner by default; if global.json switches 'dotnet test' to
# Microsoft.Testing.Platform, use its (equivalent) TRX options instead.
if grep -qs 'Microsoft.Testing.Platform' global.json; then
  REPORT_ARGS=(--report-trx --results-directory "$RESULTS")
else
  REPORT_ARGS=(--logger "console;verbosity=minimal" --logger trx --results-directory "$RESULTS")
fi

# The services the tests start log to the console as well as to the tests' own capture; on the console that is
# thousands of lines (retry tests log failures by design) that say nothing about the result.
export Logging__Console__LogLevel__Default="${Logging__Console__LogLevel__Default:-None}"

log "building $(basename "$SOLUTION") (Release)..."
rc=0
dotnet build "$SOLUTION" -c Release -v minimal -nologo -clp:NoSummary || rc=$?

if ((rc == 0)); then
  log "dotnet test $SOLUTION -c Release --no-build ${REPORT_ARGS[*]} $*"
  dotnet test "$SOLUTION" -c Release --no-build "${REPORT_ARGS[@]}" "$@" || rc=$?
fi

# Sum the <Counters .../> of every TRX file written by this run.
counter() { # counter FILE NAME -> value of attribute NAME in the Counters element (0 if absent)
  local v
  v="$(grep -o '<Counters [^>]*>' "$1" | head -n 1 | grep -o " $2=\"[0-9]*\"" | grep -o '[0-9][0-9]*' || true)"
  printf '%s' "${v:-0}"
}

total=0 passed=0 failed=0 files=0
while IFS= read -r -d '' trx; do
  files=$((files + 1))
  t="$(counter "$trx" total)"
  p="$(counter "$trx" passed)"
  f=$(($(counter "$trx" failed) + $(counter "$trx" error) + $(counter "$trx" timeout) + $(counter "$trx" aborted)))
  total=$((total + t))
  passed=$((passed + p))
  failed=$((failed + f))
done < <(find "$RESULTS" -type f -name '*.trx' -print0)

skipped=$((total - passed - failed))
((skipped >= 0)) || skipped=0

if ((total == 0)); then
  if ((files == 0)); then
    log "no TRX results were written to $RESULTS (did the build fail?)"
  fi
  log "no tests ran"
  ((rc != 0)) || rc=1
elif ((rc != 0)); then
  log "dotnet test failed with exit code $rc"
fi

# The tally is the last line (CI parses it).
echo
if ((skipped > 0)); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$rc"
