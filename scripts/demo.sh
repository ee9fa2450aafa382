#!/usr/bin/env bash
# The README's main command: builds the host and the sample plugin, lets five sample miners commit their models to
# the embedded local chain (first run only), runs one round and prints the standings. No accounts, no network.
# Run it again later (a new 12-second block) to see standings persist across processes.
set -euo pipefail
cd "$(dirname "$0")/.."
config=samples/example-local/tournament.json
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Engine/Tournament.Engine.csproj -c Release -v quiet -nologo
dotnet build samples/Plugins.Example/Plugins.Example.csproj -c Release -v quiet -nologo
tournament() { dotnet src/Engine/bin/Release/net10.0/tournament.dll "$@"; }

if [ ! -f samples/example-local/.tournament/chain.db ]; then
  for model in alice/bigram-fine bob/bigram-smooth carol/bigram-uniform dave/bigram-reversed mallory/bigram-with-code; do
    tournament commit --config "$config" --hotkey "${model%%/*}" --model "$model"
  done
fi
tournament round --config "$config"
tournament standings --config "$config"
