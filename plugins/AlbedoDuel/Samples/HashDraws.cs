using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>
/// A deterministic stream of 64-bit draws built from the engine's derivation scheme: block k is
/// <c>seed.Derive(label + "/" + k)</c> (k in decimal), read as four little-endian unsigned 64-bit integers, in order.
/// The block is hashed here from the same bytes <see cref="RoundSeed.Derive"/> hashes
/// (<c>seed ‖ 0x00 ‖ UTF-8(label/k)</c>, pinned equal by a test) so a bootstrap's million draws allocate nothing.
/// Integer arithmetic only, so every platform and the reference implementations produce the same draws.
/// </summary>
internal sealed class HashDraws
{
    private readonly byte[] _input;
    private readonly int _prefixLength;
    private readonly ulong[] _block = new ulong[4];
    private long _blockIndex = -1;
    private int _next = 4;

    public HashDraws(RoundSeed seed, string label)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var labelBytes = Encoding.UTF8.GetBytes(label + "/");
        _prefixLength = 33 + labelBytes.Length;
        _input = new byte[_prefixLength + 20];
        seed.Bytes.CopyTo(_input);
        labelBytes.CopyTo(_input, 33);
    }

    /// <summary>The next 64-bit draw.</summary>
    public ulong Next()
    {
        if (_next == 4)
        {
            _blockIndex++;
            _blockIndex.TryFormat(_input.AsSpan(_prefixLength), out var digits, default, System.Globalization.CultureInfo.InvariantCulture);
            Span<byte> hash = stackalloc byte[32];
            SHA256.HashData(_input.AsSpan(0, _prefixLength + digits), hash);
            for (var i = 0; i < 4; i++)
            {
                _block[i] = BinaryPrimitives.ReadUInt64LittleEndian(hash[(i * 8)..]);
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
