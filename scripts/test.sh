#!/usr/bin/env bash
# The README's test command: runs every test project of the solution (Release build).
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet test Tournament.sln -c Release --logger "console;verbosity=minimal" "$@"
