"""Independent reference of albedo/position-swap/v1, albedo/bootstrap/v1 and the duel aggregation (docs/albedo-mode.md).
Standard library only, float64 throughout.

python3 albedo_verdict_reference.py <input.json>
input: {"seed": 64 hex (the duel seed), "n": samples for the swap,
        "deltas": [...], "resamples": B, "quantile": q,
        "scores": [[[5 floats] or null per judge] per finished sample]}
prints: the challenger-first sample indices, the bootstrap lower bound (repr), the challenger points (repr)
"""
import hashlib, json, math, struct, sys

class Draws:
    def __init__(self, seed, label):
        self.seed, self.label, self.block, self.values = seed, label, -1, []
    def next(self):
        if not self.values:
            self.block += 1
            raw = hashlib.sha256(self.seed + b"\x00" + f"{self.label}/{self.block}".encode()).digest()
            self.values = list(struct.unpack("<4Q", raw))
        return self.values.pop(0)
    def below(self, n):
        limit = (1 << 64) - ((1 << 64) % n)
        while True:
            r = self.next()
            if r < limit:
                return r % n

def swap(seed, n):
    order, d = list(range(n)), Draws(seed, "albedo/position-swap/v1")
    for i in range(n - 1, 0, -1):
        j = d.below(i + 1)
        order[i], order[j] = order[j], order[i]
    return sorted(order[: n // 2])

def bootstrap(seed, deltas, b, q):
    d, n, means = Draws(seed, "albedo/bootstrap/v1"), len(deltas), []
    for _ in range(b):
        s = 0.0
        for _ in range(n):
            s += deltas[d.below(n)]
        means.append(s / n)
    means.sort()
    return means[min(b - 1, math.floor(q * b))]

def points(scores):
    judges = len(scores[0])
    per_judge = []
    for j in range(judges):
        parsed = [s[j] for s in scores if s[j] is not None]
        per_judge.append(sum(sum(p[k] for p in parsed) / len(parsed) for k in range(5)) / 5)
    return 100.0 * sum(per_judge) / judges

if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    seed = bytes.fromhex(spec["seed"])
    print(" ".join(str(i) for i in swap(seed, spec["n"])))
    print(repr(bootstrap(seed, spec["deltas"], spec["resamples"], spec["quantile"])))
    print(repr(points(spec["scores"])))
