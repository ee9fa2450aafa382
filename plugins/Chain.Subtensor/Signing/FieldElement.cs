using System.Numerics;
using F = Org.BouncyCastle.Math.EC.Rfc7748.X25519Field;

namespace Tournament.Plugins.Chain.Subtensor.Signing;

/// <summary>
/// Helpers over BouncyCastle's constant-time GF(2^255-19) arithmetic (<c>X25519Field</c>, ten 25.5-bit limbs): the
/// operations Ristretto255 needs beyond it (canonical equality, sign, conditional negation, the square-root ratio).
/// </summary>
internal static class FieldElement
{
    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    public static readonly int[] One = FromInteger(1);

    /// <summary>d = -121665/121666.</summary>
    public static readonly int[] D = FromInteger(Mod(-121665 * BigInteger.ModPow(121666, P - 2, P)));

    /// <summary>2d.</summary>
    public static readonly int[] D2 = FromInteger(Mod(2 * -121665 * BigInteger.ModPow(121666, P - 2, P)));

    /// <summary>sqrt(-1) = 2^((p-1)/4).</summary>
    public static readonly int[] SqrtM1 = FromInteger(BigInteger.ModPow(2, (P - 1) / 4, P));

    /// <summary>1/sqrt(a-d) with a = -1 (RFC 9496's INVSQRT_A_MINUS_D).</summary>
    public static readonly int[] InvSqrtAMinusD = InvSqrtOfAMinusD();

    public static int[] Create() => F.Create();

    public static int[] FromInteger(BigInteger value)
    {
        byte[] bytes = new byte[32];
        Mod(value).TryWriteBytes(bytes, out _, isUnsigned: true, isBigEndian: false);
        int[] z = F.Create();
        F.Decode255(bytes, 0, z, 0);
        return z;
    }

    public static int[] Copy(int[] x)
    {
        int[] z = F.Create();
        F.Copy(x, 0, z, 0);
        return z;
    }

    public static int[] Mul(int[] x, int[] y)
    {
        int[] z = F.Create();
        F.Mul(x, y, z);
        return z;
    }

    public static int[] Sqr(int[] x)
    {
        int[] z = F.Create();
        F.Sqr(x, z);
        return z;
    }

    public static int[] Add(int[] x, int[] y)
    {
        int[] z = F.Create();
        F.Add(x, y, z);
        F.Carry(z);
        return z;
    }

    public static int[] Sub(int[] x, int[] y)
    {
        int[] z = F.Create();
        F.Sub(x, y, z);
        F.Carry(z);
        return z;
    }

    public static int[] Neg(int[] x)
    {
        int[] z = F.Create();
        F.Negate(x, z);
        F.Carry(z);
        return z;
    }

    /// <summary>The canonical 32-byte little-endian encoding.</summary>
    public static byte[] Encode(int[] x)
    {
        int[] n = Copy(x);
        F.Normalize(n);
        byte[] bytes = new byte[32];
        F.Encode(n, bytes, 0);
        return bytes;
    }

    /// <summary>-1 when equal (as field elements), else 0; constant time.</summary>
    public static int Equal(int[] x, int[] y)
    {
        int[] d = Sub(x, y);
        F.Normalize(d);
        return F.IsZero(d);
    }

    /// <summary>1 when the canonical encoding's low bit is set ("negative"), else 0.</summary>
    public static int IsNegative(int[] x) => Encode(x)[0] & 1;

    /// <summary>z = c ? x : z, with c a mask (-1 or 0).</summary>
    public static void Select(int mask, int[] x, int[] z) => F.CMov(mask, x, 0, z, 0);

    /// <summary>|x|: the non-negative one of x and -x.</summary>
    public static int[] Abs(int[] x)
    {
        int[] z = Copy(x);
        F.CNegate(IsNegative(x), z);
        return z;
    }

    /// <summary>RFC 9496 SQRT_RATIO_M1: (was_square mask, the non-negative sqrt(u/v) or sqrt(i*u/v)).</summary>
    public static (int WasSquare, int[] Root) SqrtRatioM1(int[] u, int[] v)
    {
        int[] v3 = Mul(Sqr(v), v);
        int[] v7 = Mul(Sqr(v3), v);
        int[] r = Mul(Mul(u, v3), PowP58(Mul(u, v7)));
        int[] check = Mul(v, Sqr(r));
        int[] negU = Neg(u);
        int correct = Equal(check, u);
        int flipped = Equal(check, negU);
        int flippedI = Equal(check, Mul(negU, SqrtM1));
        int[] rPrime = Mul(SqrtM1, r);
        Select(flipped | flippedI, rPrime, r);
        return (correct | flipped, Abs(r));
    }

    /// <summary>x^((p-5)/8) = x^(2^252 - 3), by the standard addition chain (constant time).</summary>
    private static int[] PowP58(int[] x)
    {
        int[] x2 = Sqr(x);
        int[] t = Sqr(x2);
        t = Sqr(t);
        int[] x9 = Mul(t, x);
        int[] x11 = Mul(x9, x2);
        int[] x22 = Sqr(x11);
        int[] x5 = Mul(x22, x9); // 2^5 - 1
        int[] x10 = SqrN(x5, 5);
        x10 = Mul(x10, x5); // 2^10 - 1
        int[] x20 = Mul(SqrN(x10, 10), x10); // 2^20 - 1
        int[] x40 = Mul(SqrN(x20, 20), x20); // 2^40 - 1
        int[] x50 = Mul(SqrN(x40, 10), x10); // 2^50 - 1
        int[] x100 = Mul(SqrN(x50, 50), x50); // 2^100 - 1
        int[] x200 = Mul(SqrN(x100, 100), x100); // 2^200 - 1
        int[] x250 = Mul(SqrN(x200, 50), x50); // 2^250 - 1
        return Mul(SqrN(x250, 2), x); // 2^252 - 3
    }

    private static int[] SqrN(int[] x, int n)
    {
        int[] z = F.Create();
        F.Sqr(x, n, z);
        return z;
    }

    private static BigInteger Mod(BigInteger v) => ((v % P) + P) % P;

    private static int[] InvSqrtOfAMinusD()
    {
        int[] aMinusD = Sub(Neg(One), D);
        return SqrtRatioM1(One, aMinusD).Root;
    }
}
