#!/usr/bin/env bash
# Measures the Distil sample round's costs (README "Measured"): teacher time vs per-student time for 2, 4 and 8
# students, and sparse vs dense KL with and without the float64 cross-check. Needs the sample models
# (run ./scripts/demo.sh once) and python3 (to read the round JSON). Each case runs in its own temporary folder with
# fresh state, so the teacher really generates (no cache hit). Usage: bench/distil/round-costs.sh [repeats]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
sample="$repo/samples/distil-local"
repeats="${1:-1}"
host="$repo/src/Engine/bin/Release/net10.0/tournament.dll"
if [ ! -f "$sample/models/teacher/qwen3-tiny/config.json" ] || [ ! -f "$host" ]; then
  echo "round-costs.sh needs the sample models and the Release host: run ./scripts/demo.sh once first." >&2
  exit 1
fi
command -v python3 >/dev/null 2>&1 || { echo "round-costs.sh needs python3 to read the round JSON." >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
t() { dotnet "$host" "$@"; }

# case <name> <students> <mode> <crosscheck>
case_run() {
  local name="$1" students="$2" mode="$3" check="$4" dir="$work/$1"
  rm -rf "$dir"; mkdir -p "$dir/models/teacher"
  ln -s "$sample/models/teacher/qwen3-tiny" "$dir/models/teacher/qwen3-tiny"
  ln -s "$sample/climbmix" "$dir/climbmix"
  python3 - "$sample/tournament.json" "$dir/tournament.json" "$mode" "$check" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
k = c["Components"]["kl-divergence"]
k["Mode"] = sys.argv[3]
k["CrossCheck"] = sys.argv[4] == "true"
json.dump(c, open(sys.argv[2], "w"), indent=1)
PY
  for i in $(seq 1 "$students"); do
    [ -d "$work/students/s$i" ] || t models derive --from "$sample/models/teacher/qwen3-tiny" --noise 0.01 --seed "$i" --out "$work/students/s$i" >/dev/null
    # Copied, not linked: local storage refuses links that leave its root.
    mkdir -p "$dir/models/m$i"; cp -r "$work/students/s$i" "$dir/models/m$i/student"
    t commit --config "$dir/tournament.json" --hotkey "m$i" --model "m$i/student" >/dev/null 2>&1
  done
  t round --config "$dir/tournament.json" --json-out "$dir/round.json" >/dev/null 2>&1
  rm -rf "$dir/models"/m*
  python3 - "$dir/round.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
m = r["scorerMetrics"]
per = [o["metrics"]["seconds"] for o in r["outcomes"] if o["status"] == "scored"]
f64 = [o["metrics"].get("f64_abs_diff_score") for o in r["outcomes"] if o["status"] == "scored"]
check = "%.2g" % max(f64) if f64[0] is not None else "—"
print("| %s | %d | %.2f s | %.2f–%.2f s | %.2f s | %s |" % (sys.argv[2], len(per), m["teacher_seconds"], min(per), max(per), m["students_seconds"], check))
PY
}

echo "| case | students | teacher | per student | all students | max abs(score − float64 score) |"
echo "|---|---|---|---|---|---|"
for _ in $(seq 1 "$repeats"); do
  for n in 2 4 8; do case_run "sparse-$n" "$n" sparse false; done
  case_run "sparse+check-3" 3 sparse true
  case_run "dense-3" 3 dense false
  case_run "dense+check-3" 3 dense true
done
