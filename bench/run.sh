#!/usr/bin/env bash
# The benchmark: bench/run.sh — starts the local PostgreSQL (unless ConnectionStrings__Postgres is set), builds in
# Release, and runs every measurement once (a few minutes). Writes bench/results.json and docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [[ -z "${ConnectionStrings__Postgres:-}" ]]; then
  ConnectionStrings__Postgres="$(DESKTOMY_PGDATABASE=desktomy_bench bash scripts/postgres.sh)"
  export ConnectionStrings__Postgres
fi
dotnet run -c Release --project bench/Desktomy.Email.Bench
