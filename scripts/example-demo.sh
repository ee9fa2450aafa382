#!/usr/bin/env bash
# The example mode (samples/Plugins.Example): builds the host and the sample plugin, lets five sample miners commit
# their models to the embedded local chain (first run only), runs one round and prints the standings. No accounts,
# no network.
# Works from any current directory. Run it again later (a new 12-second block) to see standings persist across
# processes; delete samples/example-local/.tournament/ to start over.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "example-demo.sh needs the .NET SDK named in global.json on PATH (dotnet was not found); install it and run again." >&2
  exit 1
fi

config="$repo/samples/example-local/tournament.json"
state="$repo/samples/example-local/.tournament"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$repo/src/Engine/Tournament.Engine.csproj" -c Release -v quiet -nologo
# The sample plugin deploys itself to src/Engine/bin/Release/net10.0/plugins/ after its build.
dotnet build "$repo/samples/Plugins.Example/Plugins.Example.csproj" -c Release -v quiet -nologo
tournament() { dotnet "$repo/src/Engine/bin/Release/net10.0/tournament.dll" "$@"; }

# The marker is written only once every commit succeeded, so an interrupted first run commits again (a hotkey's
# first commitment is the one that counts, so repeating one is harmless).
if [ ! -f "$state/demo-committed" ]; then
  for model in alice/bigram-fine bob/bigram-smooth carol/bigram-uniform dave/bigram-reversed mallory/bigram-with-code; do
    tournament commit --config "$config" --hotkey "${model%%/*}" --model "$model"
  done
  touch "$state/demo-committed"
fi
tournament round --config "$config"
tournament standings --config "$config"
