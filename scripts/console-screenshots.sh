#!/usr/bin/env bash
# Screenshots of every console screen in Polish and English, from a real run (the browser test that checks every
# screen writes them, and the local inbox test, which needs a service in Development): docs/console/<screen>-<pl|en>.png.
# Takes the same environment as scripts/test.sh.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
mkdir -p "$REPO_ROOT/docs/console"
DESKTOMY_SCREENSHOTS="$REPO_ROOT/docs/console" \
  bash "$REPO_ROOT/scripts/test.sh" --filter "FullyQualifiedName~Console.ConsoleScreensTests|FullyQualifiedName~Console.LocalInboxScreenTests"
