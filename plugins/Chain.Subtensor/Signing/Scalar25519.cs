using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Tournament.Plugins.Chain.Subtensor.Signing;

/// <summary>
/// Scalars modulo the group order l = 2^252 + 27742317777372353535851937790883648493, as 32-byte little-endian, in
/// constant time: five 52-bit limbs with Montgomery multiplication (R = 2^260), the algorithm of curve25519-dalek's
/// u64 backend (<c>Scalar52</c>). No branch or memory index depends on a value: carries are shifts, the final
/// conditional subtraction of l is a mask. Products use <see cref="Math.BigMul(ulong, ulong, out ulong)"/> (one
/// <c>mul</c>/<c>mulx</c> on x64 and arm64). The constants are derived once from l with BigInteger (public data).
/// </summary>
internal static class Scalar25519
{
    /// <summary>The group order.</summary>
    public static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);

    private const ulong Mask = (1UL << 52) - 1;
    private static readonly ulong[] Order = Limbs(L);
    private static readonly ulong[] R = Limbs(BigInteger.Pow(2, 260) % L);
    private static readonly ulong[] RR = Limbs(BigInteger.Pow(2, 520) % L);

    // l · LFactor ≡ −1 (mod 2^52).
    private static readonly ulong LFactor = (ulong)((BigInteger.Pow(2, 52) - BigInteger.ModPow(L, (BigInteger.Pow(2, 52) / 2) - 1, BigInteger.Pow(2, 52))) % BigInteger.Pow(2, 52));

    /// <summary>A 64-byte value reduced mod l (curve25519-dalek's from_bytes_mod_order_wide).</summary>
    public static byte[] FromWide(ReadOnlySpan<byte> wide)
    {
        Span<ulong> w = stackalloc ulong[8];
        for (int i = 0; i < 8; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt64LittleEndian(wide[(i * 8)..]);
        }

        ulong[] lo = [w[0] & Mask, ((w[0] >> 52) | (w[1] << 12)) & Mask, ((w[1] >> 40) | (w[2] << 24)) & Mask, ((w[2] >> 28) | (w[3] << 36)) & Mask, ((w[3] >> 16) | (w[4] << 48)) & Mask];
        ulong[] hi = [(w[4] >> 4) & Mask, ((w[4] >> 56) | (w[5] << 8)) & Mask, ((w[5] >> 44) | (w[6] << 20)) & Mask, ((w[6] >> 32) | (w[7] << 32)) & Mask, w[7] >> 20];
        w.Clear();
        ulong[] low = MontgomeryMul(lo, R); // lo·R/R = lo
        ulong[] high = MontgomeryMul(hi, RR); // hi·R²/R = hi·2^260
        byte[] result = ToBytes(Add(high, low));
        Wipe(lo, hi, low, high);
        return result;
    }

    /// <summary>A 32-byte value reduced mod l.</summary>
    public static byte[] Reduce(ReadOnlySpan<byte> bytes)
    {
        Span<byte> wide = stackalloc byte[64];
        wide.Clear();
        bytes.CopyTo(wide);
        byte[] result = FromWide(wide);
        CryptographicOperations.ZeroMemory(wide);
        return result;
    }

    /// <summary>Whether a 32-byte value is a canonical scalar (below l). Variable time: used on public signatures only.</summary>
    public static bool IsCanonical(ReadOnlySpan<byte> bytes) => new BigInteger(bytes, isUnsigned: true) < L;

    /// <summary>(a·b + c) mod l for any 32-byte a, b and c (a schnorrkel key may exceed l).</summary>
    public static byte[] MulAdd(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, ReadOnlySpan<byte> c)
    {
        ulong[] x = FromBytes(a), y = FromBytes(b);
        ulong[] ab = MontgomeryMul(MontgomeryMul(x, y), RR); // (x·y/R)·R²/R = x·y
        byte[] cReduced = Reduce(c);
        ulong[] z = FromBytes(cReduced);
        ulong[] sum = Add(ab, z);
        byte[] result = ToBytes(sum);
        CryptographicOperations.ZeroMemory(cReduced);
        Wipe(x, y, ab, z, sum);
        return result;
    }

    private static ulong[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        ulong w0 = BinaryPrimitives.ReadUInt64LittleEndian(bytes), w1 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]);
        ulong w2 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]), w3 = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]);
        return [w0 & Mask, ((w0 >> 52) | (w1 << 12)) & Mask, ((w1 >> 40) | (w2 << 24)) & Mask, ((w2 >> 28) | (w3 << 36)) & Mask, w3 >> 16];
    }

    private static byte[] ToBytes(ulong[] s)
    {
        byte[] bytes = new byte[32];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, s[0] | (s[1] << 52));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), (s[1] >> 12) | (s[2] << 40));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), (s[2] >> 24) | (s[3] << 28));
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(24), (s[3] >> 36) | (s[4] << 16));
        return bytes;
    }

    /// <summary>a + b mod l, for a, b below l.</summary>
    private static ulong[] Add(ulong[] a, ulong[] b)
    {
        ulong[] sum = new ulong[5];
        ulong carry = 0;
        for (int i = 0; i < 5; i++)
        {
            carry = a[i] + b[i] + (carry >> 52);
            sum[i] = carry & Mask;
        }

        ulong[] reduced = Sub(sum, Order);
        Wipe(sum);
        return reduced;
    }

    /// <summary>a − b mod l, for a, b below l (l added back under a mask when the difference is negative).</summary>
    private static ulong[] Sub(ulong[] a, ulong[] b)
    {
        ulong[] difference = new ulong[5];
        ulong borrow = 0;
        for (int i = 0; i < 5; i++)
        {
            borrow = a[i] - (b[i] + (borrow >> 63));
            difference[i] = borrow & Mask;
        }

        ulong underflow = ((borrow >> 63) ^ 1) - 1;
        ulong carry = 0;
        for (int i = 0; i < 5; i++)
        {
            carry = (carry >> 52) + difference[i] + (Order[i] & underflow);
            difference[i] = carry & Mask;
        }

        return difference;
    }

    /// <summary>a·b/R mod l.</summary>
    private static ulong[] MontgomeryMul(ulong[] a, ulong[] b)
    {
        Span<UInt128> z = stackalloc UInt128[9];
        for (int i = 0; i < 5; i++)
        {
            for (int j = 0; j < 5; j++)
            {
                z[i + j] += M(a[i], b[j]);
            }
        }

        ulong[] l = Order;
        UInt128 carry;
        ulong n0, n1, n2, n3, n4, r0, r1, r2, r3;
        (carry, n0) = Part1(z[0]);
        (carry, n1) = Part1(carry + z[1] + M(n0, l[1]));
        (carry, n2) = Part1(carry + z[2] + M(n0, l[2]) + M(n1, l[1]));
        (carry, n3) = Part1(carry + z[3] + M(n1, l[2]) + M(n2, l[1]));
        (carry, n4) = Part1(carry + z[4] + M(n0, l[4]) + M(n2, l[2]) + M(n3, l[1]));
        (carry, r0) = Part2(carry + z[5] + M(n1, l[4]) + M(n3, l[2]) + M(n4, l[1]));
        (carry, r1) = Part2(carry + z[6] + M(n2, l[4]) + M(n4, l[2]));
        (carry, r2) = Part2(carry + z[7] + M(n3, l[4]));
        (carry, r3) = Part2(carry + z[8] + M(n4, l[4]));
        z.Clear();
        return Sub([r0, r1, r2, r3, (ulong)carry], l);
    }

    private static (UInt128 Carry, ulong Limb) Part1(UInt128 sum)
    {
        ulong p = ((ulong)sum * LFactor) & Mask;
        return ((sum + M(p, Order[0])) >> 52, p);
    }

    private static (UInt128 Carry, ulong Limb) Part2(UInt128 sum) => (sum >> 52, (ulong)sum & Mask);

    private static UInt128 M(ulong a, ulong b)
    {
        ulong high = Math.BigMul(a, b, out ulong low);
        return new UInt128(high, low);
    }

    private static ulong[] Limbs(BigInteger value)
    {
        var limbs = new ulong[5];
        for (int i = 0; i < 5; i++)
        {
            limbs[i] = (ulong)(value & Mask);
            value >>= 52;
        }

        return limbs;
    }

    private static void Wipe(params ulong[][] arrays)
    {
        foreach (ulong[] a in arrays)
        {
            Array.Clear(a);
        }
    }
}
