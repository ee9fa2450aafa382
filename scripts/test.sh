#!/usr/bin/env bash
# The README's test command: builds (Release) and runs every test project of the solution, then prints one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
dotnet test Tournament.sln -c Release --logger "console;verbosity=minimal" "$@" 2>&1 | tee "$log" || status=$?
# Sum the per-assembly "Passed!/Failed!  - Failed: F, Passed: P, Skipped: S" lines into one closing line.
awk -F'[:,]' '/(Passed|Failed)! +- +Failed:/ { f += $2; p += $4; s += $6 } END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
exit "$status"
