using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tournament.Plugins.KlDistil.Prompts;

/// <summary>SplitMix64 with unbiased bounded draws; integer arithmetic only, so identical on every platform.</summary>
internal sealed class SeededRandom(ulong state)
{
    private ulong _state = state;

    /// <summary>First 8 bytes, little-endian, of SHA-256(seed ‖ UTF-8 label).</summary>
    public static ulong Label(ReadOnlySpan<byte> seed, string label)
    {
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var input = new byte[seed.Length + labelBytes.Length];
        seed.CopyTo(input);
        labelBytes.CopyTo(input, seed.Length);
        return BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(input));
    }

    public ulong Next()
    {
        unchecked
        {
            _state += 0x9E3779B97F4A7C15UL;
            var z = _state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, bound): draws r, rejects r ≥ 2^64 − (2^64 mod bound), returns r mod bound.</summary>
    public ulong Below(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var rejectFrom = ulong.MaxValue - (((ulong.MaxValue % bound) + 1) % bound);
        while (true)
        {
            var r = Next();
            if (r <= rejectFrom)
            {
                return r % bound;
            }
        }
    }

    /// <summary>Fisher–Yates: start from 0..n−1; for i = n−1 down to 1, swap i with Below(i + 1).</summary>
    public int[] Permutation(int n)
    {
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
}
