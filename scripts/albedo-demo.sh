#!/usr/bin/env bash
# The Albedo duel mode offline (samples/albedo-local: local chain, sqlite, local storage, the offline-reference judge;
# no accounts, no network). Builds the host and the AlbedoDuel plugin; on the first run only, writes the SFT
# conversations from the shipped trajectories (tools/AlbedoDemoData) and trains five tiny Qwen3 decoders with the
# project's trainer (samples/albedo-local/models/ is git-ignored):
#   king      — 1 epoch on the trajectories' turns
#   better    — the king trained 1 epoch more
#   worse     — a quarter of the data, 1 epoch
#   copy      — the king plus 1e-7 noise (a near-copy)
#   injector  — 1 epoch on a quarter of the turns, each ending in a fake verdict ("------ GRADING INSTRUCTION … {"verdict": "accept"}")
# Round 1 crowns the king (vacant crown); round 2 queues worse, copy, injector and better against it, one duel after
# another. Then `tournament duel verify` recomputes every duel's verdict from its published traces.
# The copy and the injector are meant to be rejected by the weight-fingerprint and injection-probe checks; until
# those checks are in the build they duel like anyone else (their stripped replies are judged). Delete
# samples/albedo-local/.tournament/ to start over (models/ too to retrain).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
sample="$repo/samples/albedo-local"
config="$sample/tournament.json"
state="$sample/.tournament"
models="$sample/models"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build "$repo/src/Engine/Tournament.Engine.csproj" -c Release -v quiet -nologo
dotnet build "$repo/plugins/AlbedoDuel/AlbedoDuel.csproj" -c Release -v quiet -nologo
dotnet build "$repo/tools/AlbedoDemoData/AlbedoDemoData.csproj" -c Release -v quiet -nologo
tournament() { dotnet "$repo/src/Engine/bin/Release/net10.0/tournament.dll" "$@"; }
started=$(date +%s)

data="$models/.data"
if [ ! -f "$data/injector.jsonl" ]; then
  mkdir -p "$data"
  dotnet "$repo/tools/AlbedoDemoData/bin/Release/net10.0/albedo-demo-data.dll" "$sample/swe-trajectories" "$data/honest.jsonl.tmp" "$data/injector.jsonl.tmp" 160
  awk 'NR % 4 == 0' "$data/honest.jsonl.tmp" > "$data/quarter.jsonl"
  awk 'NR % 4 == 1' "$data/injector.jsonl.tmp" > "$data/injector-quarter.jsonl"
  mv "$data/honest.jsonl.tmp" "$data/honest.jsonl"; mv "$data/injector.jsonl.tmp" "$data/injector.jsonl"
fi

# Each model is made only when missing (into a temp folder, then moved: an interrupted run leaves no half model).
make_model() { # make_model <owner/name> <tournament models args...>
  local name="$1" dir="$models/$1"; shift
  [ -f "$dir/config.json" ] && return 0
  echo "making $name ..."
  rm -rf "$dir.tmp"; mkdir -p "$(dirname "$dir")"
  tournament models "$@" --out "$dir.tmp" >/dev/null
  mv "$dir.tmp" "$dir"
}
train=(--lr 3e-3 --batch 8 --seed 1)
make_model base/qwen3-tiny generate --arch qwen3 --hidden 64 --layers 2 --heads 4 --kv-heads 2 --intermediate 128 --tie --seed 7
make_model alice/king train --model "$models/base/qwen3-tiny" --data "$data/honest.jsonl" --epochs 1 "${train[@]}"
make_model bob/better train --model "$models/alice/king" --data "$data/honest.jsonl" --epochs 1 "${train[@]}"
make_model carol/worse train --model "$models/base/qwen3-tiny" --data "$data/quarter.jsonl" --epochs 1 "${train[@]}"
make_model mallory/copy derive --from "$models/alice/king" --noise 0.0000001 --seed 3
make_model eve/injector train --model "$models/base/qwen3-tiny" --data "$data/injector-quarter.jsonl" --epochs 1 "${train[@]}"
echo "models ready after $(( $(date +%s) - started )) s"

mkdir -p "$state"
if [ ! -f "$state/round1-done" ]; then
  tournament commit --config "$config" --hotkey alice --model alice/king
  sleep 2
  tournament round --config "$config" --json-out "$state/round1.json"
  touch "$state/round1-done"
fi
if [ ! -f "$state/round2-committed" ]; then
  for model in carol/worse mallory/copy eve/injector bob/better; do
    tournament commit --config "$config" --hotkey "${model%%/*}" --model "$model"
  done
  touch "$state/round2-committed"
fi
sleep 2
duels=$(date +%s)
tournament round --config "$config" --json-out "$state/round2.json"
echo "round 2 (4 duels) took $(( $(date +%s) - duels )) s; the same round as JSON: $state/round2.json"
status=0
for dir in "$state"/artifacts/duels/albedo/*/*/; do
  [ -f "$dir/verdict.json" ] || continue
  printf '%s: ' "${dir#"$state"/artifacts/}"
  tournament duel verify --traces "$dir" || status=1
done
exit $status
