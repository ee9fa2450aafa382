"""Independent reference of the swe-trajectories/v1 sample selection (docs/albedo-mode.md), standard library only.

python3 swe_trajectories_v1_reference.py <input.json>
input: {"block_hash": hex, "hotkey": str, "count": n, "max_turn": k, "shards": [{"name": str, "roles": [[role, ...], ...]}]}
prints one sample id per line: <shard name without extension>:row_<row>:turn_<turn>
"""
import hashlib, json, os, struct, sys

def round_seed(block_hash):
    h = bytes.fromhex(block_hash[2:] if block_hash.startswith("0x") else block_hash)
    return hashlib.sha256(b"tournament/round-seed/v1" + b"\x00" + h).digest()

def derive(seed, label):
    return hashlib.sha256(seed + b"\x00" + label.encode("utf-8")).digest()

class Draws:
    def __init__(self, seed, label):
        self.seed, self.label, self.block, self.values = seed, label, -1, []
    def next(self):
        if not self.values:
            self.block += 1
            raw = derive(self.seed, f"{self.label}/{self.block}")
            self.values = list(struct.unpack("<4Q", raw))
        return self.values.pop(0)
    def below(self, n):
        limit = (1 << 64) - ((1 << 64) % n)
        while True:
            r = self.next()
            if r < limit:
                return r % n

def eligible(roles, max_turn):
    out, before = [], 0
    for i, role in enumerate(roles):
        if before >= max_turn:
            break
        if role != "assistant":
            continue
        if i > 0 and roles[i - 1] == "user":
            out.append(before)
        before += 1
    return out

def select(spec):
    seed = derive(round_seed(spec["block_hash"]), "prompts/challenger/v1:" + spec["hotkey"])
    rows = [(s["name"], r, roles) for s in spec["shards"] for r, roles in enumerate(s["roles"])]
    draws, seen, out = Draws(seed, "swe-trajectories/v1/draws"), set(), []
    for _ in range(64 * spec["count"]):
        if len(out) == spec["count"]:
            break
        name, row, roles = rows[draws.below(len(rows))]
        turns = eligible(roles, spec["max_turn"])
        if not turns:
            continue
        turn = turns[draws.below(len(turns))]
        if (name, row, turn) not in seen:
            seen.add((name, row, turn))
            out.append(f"{os.path.splitext(name)[0]}:row_{row}:turn_{turn}")
    if len(out) < spec["count"]:
        sys.exit("corpus too small")
    return out

if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print("\n".join(select(json.load(f))))
