using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tournament.Plugins.KlDistil.Prompts;

/// <summary>The climbmix/v1 sub-seeds; the draws themselves come from <see cref="Abstractions.SplitMix64"/>.</summary>
internal static class ClimbMixSeeds
{
    /// <summary>First 8 bytes, little-endian, of SHA-256(seed ‖ UTF-8 label).</summary>
    public static ulong Label(ReadOnlySpan<byte> seed, string label)
    {
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var input = new byte[seed.Length + labelBytes.Length];
        seed.CopyTo(input);
        labelBytes.CopyTo(input, seed.Length);
        return BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(input));
    }
}
