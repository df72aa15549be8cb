#!/usr/bin/env bash
# Regenerates Wolverine's handler code into src/Api/Internal/Generated (committed; the service never compiles code
# at run time). Run it after adding or changing a Wolverine handler: scripts/codegen.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The host is built (not started) to discover handlers, so it needs its configuration; no database is contacted.
export ConnectionStrings__Postgres="${ConnectionStrings__Postgres:-Host=127.0.0.1;Port=55432;Username=postgres;Database=desktomy}"
export Auth__SigningKey="${Auth__SigningKey:-desktomy-development-signing-key-not-for-production}"
export Secrets__MasterKey="${Secrets__MasterKey:-5ZGLncQp1PxBcb54XkPIFl3YUmRg8u+rnvsRcHAOwfc=}"

rm -rf src/Api/Internal/Generated
dotnet run --project src/Api -- codegen write
