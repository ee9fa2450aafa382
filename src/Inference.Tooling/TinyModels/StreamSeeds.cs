using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>Seeds of the tiny models' per-tensor <see cref="Abstractions.SplitMix64"/> streams (frozen: generated models are golden).</summary>
internal static class StreamSeeds
{
    /// <summary>The seed of a named stream: <paramref name="seed"/> XOR the first 8 bytes (LE) of SHA-256(UTF-8(domain ‖ "|" ‖ name)).</summary>
    public static ulong Derive(ulong seed, string domain, string name)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(domain + "|" + name));
        return seed ^ BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }
}
