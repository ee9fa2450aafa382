using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): state += 0x9E3779B97F4A7C15, then the standard mix. Uniform doubles use the
/// top 53 bits. Normal deviates use Irwin–Hall with 12 uniforms (sum − 6): additions only, so the values are
/// bit-identical on every OS and runtime (Box–Muller's log/cos are not guaranteed to be).
/// </summary>
internal sealed class SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The seed of a named stream: <paramref name="seed"/> XOR the first 8 bytes (LE) of SHA-256(UTF-8(domain ‖ "|" ‖ name)).</summary>
    public static ulong DeriveSeed(ulong seed, string domain, string name)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(domain + "|" + name));
        return seed ^ BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

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
