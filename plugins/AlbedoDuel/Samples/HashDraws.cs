using System.Buffers.Binary;
using System.Globalization;
using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>
/// A deterministic stream of 64-bit draws built only from <see cref="RoundSeed.Derive"/>: block k is
/// <c>seed.Derive(label + "/" + k)</c>, read as four little-endian unsigned 64-bit integers, in order. Integer arithmetic
/// only, so every platform and the reference implementations produce the same draws.
/// </summary>
internal sealed class HashDraws(RoundSeed seed, string label)
{
    private readonly ulong[] _block = new ulong[4];
    private long _blockIndex = -1;
    private int _next = 4;

    /// <summary>The next 64-bit draw.</summary>
    public ulong Next()
    {
        if (_next == 4)
        {
            _blockIndex++;
            var bytes = seed.Derive(label + "/" + _blockIndex.ToString(CultureInfo.InvariantCulture)).Bytes;
            for (var i = 0; i < 4; i++)
            {
                _block[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]);
            }

            _next = 0;
        }

        return _block[_next++];
    }

    /// <summary>Uniform in [0, bound): rejects draws r ≥ 2^64 − (2^64 mod bound), returns r mod bound.</summary>
    public ulong Below(ulong bound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(bound);
        var remainder = ((ulong.MaxValue % bound) + 1) % bound;
        while (true)
        {
            var r = Next();
            if (remainder == 0 || r < 0UL - remainder)
            {
                return r % bound;
            }
        }
    }

    /// <summary><see cref="Below(ulong)"/> for a positive <see cref="int"/> bound.</summary>
    public int Below(int bound) => (int)Below((ulong)bound);
}
