using System.Buffers.Binary;
using System.Security.Cryptography;
using Tournament.Abstractions;

namespace Tournament.Samples.Example.Prompts;

/// <summary>
/// A permutation of <c>0 … n−1</c> fixed by a seed (version <c>example-lines/v1</c>), identical on every OS:
/// <list type="number">
/// <item>A stream of 64-bit words: block <c>k</c> (k = 0, 1, …) is <c>SHA-256(seed bytes ‖ u64le(k))</c>, read as four
/// little-endian unsigned 64-bit words in order.</item>
/// <item><c>uniform(m)</c> takes the next word <c>x</c>, rejects it while <c>x ≥ m·⌊2⁶⁴/m⌋</c>, and returns <c>x mod m</c>.</item>
/// <item>Fisher–Yates from the top: for <c>i = n−1 … 1</c>, <c>j = uniform(i+1)</c>, swap positions <c>i</c> and <c>j</c>.</item>
/// </list>
/// </summary>
public static class SeededPermutation
{
    /// <summary>Permutes <c>0 … count−1</c>.</summary>
    /// <param name="seed">The seed.</param>
    /// <param name="count">How many indices.</param>
    public static int[] Create(RoundSeed seed, int count)
    {
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = Enumerable.Range(0, count).ToArray();
        var stream = new WordStream(seed.Bytes);
        for (var i = count - 1; i >= 1; i--)
        {
            var j = (int)stream.Uniform((ulong)i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    private sealed class WordStream(ReadOnlySpan<byte> seed)
    {
        private readonly byte[] _input = [.. seed, .. new byte[8]];
        private readonly byte[] _block = new byte[32];
        private ulong _counter;
        private int _offset = 32;

        public ulong Uniform(ulong m)
        {
            var limit = ulong.MaxValue - (ulong.MaxValue % m + 1) % m;
            while (true)
            {
                var x = Next();
                if (x <= limit)
                {
                    return x % m;
                }
            }
        }

        private ulong Next()
        {
            if (_offset == 32)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(_input.AsSpan(_input.Length - 8), _counter++);
                SHA256.HashData(_input, _block);
                _offset = 0;
            }

            var word = BinaryPrimitives.ReadUInt64LittleEndian(_block.AsSpan(_offset));
            _offset += 8;
            return word;
        }
    }
}
