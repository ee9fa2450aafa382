namespace Tournament.Abstractions;

/// <summary>
/// The project's one deterministic PRNG: SplitMix64 (Steele, Lea, Flood 2014; Vigna's <c>splitmix64.c</c>):
/// <c>state += 0x9E3779B97F4A7C15</c>, then the standard mix. Integer arithmetic (and additions of doubles) only, so
/// every draw is bit-identical on every OS and runtime. Seed it from a <see cref="RoundSeed"/>
/// (<see cref="RoundSeed.ToUInt64"/> of a derived sub-seed); the draw sequences below are part of consensus wherever
/// a versioned algorithm uses them.
/// </summary>
/// <param name="seed">The initial state.</param>
public sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>): draws r, rejects r ≥ 2^64 − (2^64 mod bound), returns r mod bound.</summary>
    /// <param name="bound">The exclusive upper bound (at least 1).</param>
    public ulong Below(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var rejectFrom = ulong.MaxValue - (((ulong.MaxValue % bound) + 1) % bound);
        while (true)
        {
            var r = NextUInt64();
            if (r <= rejectFrom)
            {
                return r % bound;
            }
        }
    }

    /// <summary>Fisher–Yates: start from 0..n−1; for i = n−1 down to 1, swap i with <see cref="Below"/>(i + 1).</summary>
    /// <param name="n">The length.</param>
    public int[] Permutation(int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)Below((ulong)i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>Uniform in [0, 1): the top 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An approximately standard normal deviate: Irwin–Hall with 12 uniforms (sum − 6), additions only.</summary>
    public double NextNormal()
    {
        var sum = 0.0;
        for (var i = 0; i < 12; i++)
        {
            sum += NextDouble();
        }

        return sum - 6.0;
    }
}
