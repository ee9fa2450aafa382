#!/usr/bin/env bash
# The README's main command: the Distil mode on the embedded default (local chain, sqlite, local storage; no accounts,
# no network). Builds the host and the KlDistil plugin, unpacks the real Qwen3 tokenizer shipped in
# samples/distil-local/qwen3-tokenizer/, generates a tiny Qwen3 teacher and seven submissions
# (first run only; samples/distil-local/models/ is git-ignored), commits them (first run only), runs one round,
# prints the outcome and standings tables and writes the same as JSON. Delete samples/distil-local/.tournament/
# to start over.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
if ! command -v dotnet >/dev/null 2>&1; then
  echo "demo.sh needs the .NET SDK named in global.json on PATH (dotnet was not found); install it and run again." >&2
  exit 1
fi
sample="$repo/samples/distil-local"
config="$sample/tournament.json"
state="$sample/.tournament"
models="$sample/models"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$repo/src/Engine/Tournament.Engine.csproj" -c Release -v quiet -nologo
# The plugin deploys itself to src/Engine/bin/Release/net10.0/plugins/ after its build.
dotnet build "$repo/plugins/KlDistil/KlDistil.csproj" -c Release -v quiet -nologo
tournament() { dotnet "$repo/src/Engine/bin/Release/net10.0/tournament.dll" "$@"; }

# The real Qwen3 tokenizer ships gzip-compressed (see samples/distil-local/qwen3-tokenizer/NOTICE.md).
qwen3="$models/.qwen3-tokenizer"
if [ ! -f "$qwen3/tokenizer.json" ]; then
  mkdir -p "$qwen3"
  gzip -dc "$sample/qwen3-tokenizer/tokenizer.json.gz" > "$qwen3/tokenizer.json.tmp"
  cp "$sample/qwen3-tokenizer/tokenizer_config.json" "$qwen3/tokenizer_config.json"
  mv "$qwen3/tokenizer.json.tmp" "$qwen3/tokenizer.json"
fi

# Generated weights are not committed; each model is generated only when missing (into a temp folder, then moved,
# so an interrupted run never leaves half a model behind).
make_model() { # make_model <owner/name> <tournament models args...>
  local dir="$models/$1"; shift
  [ -f "$dir/config.json" ] && return 0
  rm -rf "$dir.tmp"; mkdir -p "$(dirname "$dir")"
  tournament models "$@" --out "$dir.tmp" >/dev/null
  mv "$dir.tmp" "$dir"
}
tiny=(--arch qwen3 --hidden 64 --layers 2 --heads 4 --kv-heads 2 --intermediate 128 --tie --seed 7)
make_model teacher/qwen3-tiny generate "${tiny[@]}" --tokenizer "$qwen3"
make_model alice/student-s004 derive --from "$models/teacher/qwen3-tiny" --noise 0.004 --seed 1
make_model bob/student-s010 derive --from "$models/teacher/qwen3-tiny" --noise 0.010 --seed 2
make_model carol/student-s025 derive --from "$models/teacher/qwen3-tiny" --noise 0.025 --seed 3
make_model mallory/student-copy derive --from "$models/alice/student-s004" --shards 2
make_model trudy/foreign-tokenizer generate "${tiny[@]}"
make_model eve/with-code derive --from "$models/teacher/qwen3-tiny" --noise 0.006 --seed 5
if [ ! -f "$models/eve/with-code/modeling_student.py" ]; then
  printf 'print("remote code")\n' > "$models/eve/with-code/modeling_student.py"
fi
make_model oscar/too-big generate --arch qwen3 --hidden 96 --layers 2 --heads 4 --kv-heads 2 --intermediate 192 \
  --tie --seed 7 --tokenizer "$qwen3"

# The marker is written only once every commit succeeded. alice commits before mallory, so mallory's re-sharded copy
# of alice's model is the later commitment and the one disqualified as a copy.
mkdir -p "$state"
if [ ! -f "$state/demo-committed" ]; then
  for model in alice/student-s004 bob/student-s010 carol/student-s025 trudy/foreign-tokenizer eve/with-code \
      oscar/too-big mallory/student-copy; do
    tournament commit --config "$config" --hotkey "${model%%/*}" --model "$model"
  done
  touch "$state/demo-committed"
fi
tournament round --config "$config" --json-out "$state/round.json"
echo "The same round as JSON: $state/round.json"
