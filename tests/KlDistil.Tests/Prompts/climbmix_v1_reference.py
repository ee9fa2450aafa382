"""Independent reference of climbmix/v1 shard choice and row order (docs/distil-prompts.md), standard library only.

python3 climbmix_v1_reference.py <block hash hex> <shard count> <rows per shard...>
prints the first shard and the first 8 row indices of its permutation.
"""
import hashlib, struct, sys

M = (1 << 64) - 1

def round_seed(block_hash: str) -> bytes:
    h = bytes.fromhex(block_hash[2:] if block_hash.startswith("0x") else block_hash)
    return hashlib.sha256(b"tournament/round-seed/v1" + b"\x00" + h).digest()

def label(seed: bytes, text: str) -> int:
    return struct.unpack("<Q", hashlib.sha256(seed + text.encode()).digest()[:8])[0]

class SplitMix64:
    def __init__(self, state): self.s = state
    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M
        return z ^ (z >> 31)
    def below(self, bound):
        limit = (1 << 64) - ((1 << 64) % bound)
        while True:
            r = self.next()
            if r < limit: return r % bound

def row_order(seed, shard, n):
    rng = SplitMix64(label(seed, f"climbmix/v1/rows/{shard}"))
    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = rng.below(i + 1)
        order[i], order[j] = order[j], order[i]
    return order

if __name__ == "__main__":
    seed = round_seed(sys.argv[1]); count = int(sys.argv[2]); rows = [int(x) for x in sys.argv[3:]]
    first = label(seed, "climbmix/v1/shard") % count
    print(first, row_order(seed, first, rows[first])[:8])
