#!/usr/bin/env bash
# Crash soak (issue 16): runs `tournament run` on a copy of the example sample (samples/example-local, 1-second local
# blocks) and kills it with SIGKILL at random moments until at least ROUNDS rounds are committed. After every kill:
#   - the state passes SQLite `PRAGMA integrity_check` and `foreign_key_check`,
#   - no round is counted twice (one row per (mode, block hash) and per block),
#   - every standing's rounds_scored equals the rounds that scored it,
#   - the next `tournament round` commits exactly one new round (exit 0),
#   - and then no temporary file (*.tmp*) is left in the data folder.
# Usage: nice -n 10 bench/crash-soak/soak.sh [ROUNDS=100] [MAX_SECONDS=900] [MAX_KILL_DELAY=4.0]
# Prints one line per kill and a closing summary (rounds, kills, failures); exits 1 when any check failed.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rounds_target="${1:-100}"
max_seconds="${2:-900}"
max_delay="${3:-4.0}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 NO_COLOR=1
dll="$repo/src/Engine/bin/Release/net10.0/tournament.dll"
if [ ! -f "$dll" ] || [ ! -d "$repo/src/Engine/bin/Release/net10.0/plugins/Tournament.Samples.Example" ]; then
  dotnet build "$repo/src/Engine/Tournament.Engine.csproj" -c Release -v quiet -nologo
  dotnet build "$repo/samples/Plugins.Example/Plugins.Example.csproj" -c Release -v quiet -nologo
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/tournament-soak-XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -r "$repo/samples/example-local/." "$work/"
rm -rf "$work/.tournament"
python3 - "$work/tournament.json" <<'PY'
import json, sys
p = sys.argv[1]; c = json.load(open(p))
c["Components"]["local-chain"]["BlockTimeSeconds"] = 1
json.dump(c, open(p, "w"), indent=2)
PY
config="$work/tournament.json"
data="$work/.tournament"
tournament() { dotnet "$dll" "$@"; }
for model in alice/bigram-fine bob/bigram-smooth carol/bigram-uniform dave/bigram-reversed mallory/bigram-with-code; do
  tournament commit --config "$config" --hotkey "${model%%/*}" --model "$model" >/dev/null 2>&1
done

# The state checks; prints the number of committed rounds, or "FAIL: why" lines.
check_state() {
  python3 - "$data/state.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
fails = []
ok = db.execute("PRAGMA integrity_check").fetchone()[0]
if ok != "ok": fails.append(f"integrity_check: {ok}")
fk = db.execute("PRAGMA foreign_key_check").fetchall()
if fk: fails.append(f"foreign_key_check: {fk[:3]}")
dup = db.execute("SELECT mode, block_hash_key, COUNT(*) FROM rounds GROUP BY mode, block_hash_key HAVING COUNT(*) > 1").fetchall()
dup += db.execute("SELECT mode, block, COUNT(*) FROM rounds GROUP BY mode, block HAVING COUNT(*) > 1").fetchall()
if dup: fails.append(f"round counted twice: {dup[:3]}")
bad = db.execute("""
  SELECT s.hotkey, s.commit_block, s.rounds_scored,
         (SELECT COUNT(*) FROM model_scores m JOIN rounds r ON r.id = m.round_id
           WHERE r.mode = s.mode AND m.hotkey = s.hotkey AND m.commit_block = s.commit_block AND m.status = 'scored') AS scored
  FROM standings s""").fetchall()
bad = [b for b in bad if b[2] != b[3]]
if bad: fails.append(f"rounds_scored inconsistent (hotkey, block, rounds_scored, scored rows): {bad[:3]}")
n = db.execute("SELECT COUNT(*) FROM rounds").fetchone()[0]
print("\n".join("FAIL: " + f for f in fails) if fails else n)
PY
}

start=$(date +%s)
kills=0 failures=0 run_rounds=0 next_rounds=0
rounds=0
while [ "$rounds" -lt "$rounds_target" ] && [ $(( $(date +%s) - start )) -lt "$max_seconds" ]; do
  before=$(check_state)
  # dotnet itself in the background (not a shell function), so $! is the process that SIGKILL hits.
  dotnet "$dll" run --config "$config" --interval-seconds 0.2 >/dev/null 2>&1 &
  pid=$!
  delay=$(python3 -c "import random; print(round(random.uniform(0.2, $max_delay), 2))")
  sleep "$delay"
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  kills=$((kills + 1))
  after_kill=$(check_state)
  status="ok"
  if [[ "$after_kill" == FAIL* ]]; then status="$after_kill"; fi
  if [ "$status" = ok ]; then
    run_rounds=$((run_rounds + after_kill - before))
    if ! out=$(tournament round --config "$config" 2>&1); then
      status="FAIL: next round exited non-zero: $(echo "$out" | tail -1)"
    else
      after_next=$(check_state)
      if [[ "$after_next" == FAIL* ]]; then status="$after_next"
      elif [ "$after_next" -ne $((after_kill + 1)) ]; then status="FAIL: the next round committed $((after_next - after_kill)) rounds, not 1"
      else next_rounds=$((next_rounds + 1)); fi
      leftovers=$(find "$data" -name '*.tmp*' | head -3)
      if [ -n "$leftovers" ]; then status="FAIL: temporary files left: $leftovers"; fi
    fi
  fi
  rounds=$(check_state | grep -v FAIL || echo "$rounds")
  if [ "$status" != ok ]; then failures=$((failures + 1)); fi
  echo "kill $kills after ${delay}s: rounds $rounds, $status"
done
elapsed=$(( $(date +%s) - start ))
echo "crash soak: $rounds rounds committed ($run_rounds by killed 'run' processes, $next_rounds by the rounds after a kill), $kills SIGKILLs, $failures failures, ${elapsed}s"
[ "$failures" -eq 0 ]
