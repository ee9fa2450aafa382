using System.Numerics;

namespace Tournament.Plugins.Chain.Subtensor.Signing;

/// <summary>
/// Scalars modulo the group order l = 2^252 + 27742317777372353535851937790883648493, as 32-byte little-endian.
/// Uses System.Numerics.BigInteger, which is NOT constant time: see docs/chain-subtensor.md (security notes).
/// </summary>
internal static class Scalar25519
{
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A 64-byte value reduced mod l (curve25519-dalek's from_bytes_mod_order_wide).</summary>
    public static byte[] FromWide(ReadOnlySpan<byte> wide) => ToBytes(new BigInteger(wide, isUnsigned: true) % L);

    /// <summary>A 32-byte value reduced mod l.</summary>
    public static byte[] Reduce(ReadOnlySpan<byte> bytes) => ToBytes(new BigInteger(bytes, isUnsigned: true) % L);

    /// <summary>Whether a 32-byte value is a canonical scalar (below l).</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> bytes) => new BigInteger(bytes, isUnsigned: true) < L;

    /// <summary>(a·b + c) mod l.</summary>
    public static byte[] MulAdd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
        => ToBytes(((new BigInteger(a, isUnsigned: true) * new BigInteger(b, isUnsigned: true)) + new BigInteger(c, isUnsigned: true)) % L);

    private static byte[] ToBytes(BigInteger value)
    {
        byte[] bytes = new byte[32];
        value.TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        return bytes;
    }
}
