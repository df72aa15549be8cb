#!/usr/bin/env bash
# The benchmark: bench/run.sh — starts the local PostgreSQL (unless ConnectionStrings__Postgres is set), builds in
# Release, publishes the service as deployed, and runs every measurement once (a few minutes). Writes
# bench/results.json and docs/benchmarks.md. `bench/run.sh --profile s1|…|s6` traces one scenario instead; with
# `--no-trace` it prints CPU, commits, WAL flushes and statements per operation (pg_stat_statements when loaded).
# PostgreSQL's CPU is read from its postmaster's process tree: give the benchmark a durable cluster of its own, e.g.
# DESKTOMY_PGPORT=55433 bench/run.sh while the tests' cluster is on 55432.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${ConnectionStrings__Postgres:-}" ]]; then
  ConnectionStrings__Postgres="$(DESKTOMY_PGDATABASE=desktomy_bench bash scripts/postgres.sh)"
  export ConnectionStrings__Postgres
fi
# The service runs as it is deployed (docs/operations.md): published for linux-x64, hence ReadyToRun.
rm -rf .local/bench-service
dotnet publish src/Api -c Release -r linux-x64 --self-contained false -o .local/bench-service -v quiet -nologo
export DESKTOMY_BENCH_SERVICE="$PWD/.local/bench-service/Desktomy.Email.Api.dll"
dotnet run -c Release --project bench/Desktomy.Email.Bench -- "$@"
