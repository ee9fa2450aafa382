using System.Numerics;
using System.Security.Cryptography;
using static Tournament.Plugins.Chain.Subtensor.Signing.FieldElement;

namespace Tournament.Plugins.Chain.Subtensor.Signing;

/// <summary>
/// A Ristretto255 group element (RFC 9496) held as an extended Edwards point (X:Y:Z:T) of edwards25519. Field
/// arithmetic, point addition, scalar multiplication and encoding are constant time (complete addition formulas,
/// double-and-add-always with conditional moves); decoding is of public data only.
/// </summary>
internal sealed class RistrettoPoint
{
    private readonly int[] _x, _y, _z, _t;

    private RistrettoPoint(int[] x, int[] y, int[] z, int[] t)
    {
        _x = x;
        _y = y;
        _z = z;
        _t = t;
    }

    public static RistrettoPoint Identity => new(Create(), Copy(One), Copy(One), Create());

    /// <summary>The edwards25519 base point (y = 4/5, x even), which generates Ristretto255.</summary>
    public static RistrettoPoint Base { get; } = MakeBase();

    /// <summary>P + Q (complete formulas for a = -1: add-2008-hwcd-3).</summary>
    public RistrettoPoint Add(RistrettoPoint q)
    {
        int[] a = Mul(Sub(_y, _x), Sub(q._y, q._x));
        int[] b = Mul(FieldElement.Add(_y, _x), FieldElement.Add(q._y, q._x));
        int[] c = Mul(Mul(_t, D2), q._t);
        int[] d = Mul(FieldElement.Add(_z, _z), q._z);
        int[] e = Sub(b, a), f = Sub(d, c), g = FieldElement.Add(d, c), h = FieldElement.Add(b, a);
        return new RistrettoPoint(Mul(e, f), Mul(g, h), Mul(f, g), Mul(e, h));
    }

    public RistrettoPoint Negate() => new(Neg(_x), Copy(_y), Copy(_z), Neg(_t));

    /// <summary>scalar·P for a 32-byte little-endian scalar: 256 doublings and 256 additions, selected without branches.</summary>
    public RistrettoPoint Multiply(ReadOnlySpan<byte> scalar)
    {
        RistrettoPoint q = Identity;
        for (int bit = 255; bit >= 0; bit--)
        {
            q = q.Add(q);
            RistrettoPoint sum = q.Add(this);
            int mask = -((scalar[bit >> 3] >> (bit & 7)) & 1);
            Select(mask, sum._x, q._x);
            Select(mask, sum._y, q._y);
            Select(mask, sum._z, q._z);
            Select(mask, sum._t, q._t);
        }

        return q;
    }

    /// <summary>The canonical 32-byte encoding (RFC 9496 §4.3.2).</summary>
    public byte[] Encode()
    {
        int[] u1 = Mul(FieldElement.Add(_z, _y), Sub(_z, _y));
        int[] u2 = Mul(_x, _y);
        int[] invsqrt = SqrtRatioM1(One, Mul(u1, Sqr(u2))).Root;
        int[] den1 = Mul(invsqrt, u1);
        int[] den2 = Mul(invsqrt, u2);
        int[] zInv = Mul(Mul(den1, den2), _t);
        int[] ix0 = Mul(_x, SqrtM1);
        int[] iy0 = Mul(_y, SqrtM1);
        int[] enchanted = Mul(den1, InvSqrtAMinusD);
        int rotate = -IsNegative(Mul(_t, zInv));
        int[] x = Copy(_x), y = Copy(_y), denInv = Copy(den2);
        Select(rotate, iy0, x);
        Select(rotate, ix0, y);
        Select(rotate, enchanted, denInv);
        int[] negY = Neg(y);
        Select(-IsNegative(Mul(x, zInv)), negY, y);
        return FieldElement.Encode(Abs(Mul(denInv, Sub(_z, y))));
    }

    /// <summary>Decodes a canonical encoding (RFC 9496 §4.3.1), or null when it is not a valid element.</summary>
    public static RistrettoPoint? Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 32)
        {
            return null;
        }

        byte[] copy = bytes.ToArray();
        int[] s = Create();
        Org.BouncyCastle.Math.EC.Rfc7748.X25519Field.Decode255(copy, 0, s, 0);
        // Canonical (s < p, top bit clear) and non-negative.
        if (!CryptographicOperations.FixedTimeEquals(FieldElement.Encode(s), copy) || (copy[0] & 1) == 1)
        {
            return null;
        }

        int[] ss = Sqr(s);
        int[] u1 = Sub(One, ss);
        int[] u2 = FieldElement.Add(One, ss);
        int[] u2Sqr = Sqr(u2);
        int[] v = Sub(Neg(Mul(D, Sqr(u1))), u2Sqr);
        (int wasSquare, int[] invsqrt) = SqrtRatioM1(One, Mul(v, u2Sqr));
        int[] denX = Mul(invsqrt, u2);
        int[] denY = Mul(Mul(invsqrt, denX), v);
        int[] x = Abs(Mul(FieldElement.Add(s, s), denX));
        int[] y = Mul(u1, denY);
        int[] t = Mul(x, y);
        if (wasSquare == 0 || IsNegative(t) == 1 || Equal(y, Create()) != 0)
        {
            return null;
        }

        return new RistrettoPoint(x, y, Copy(One), t);
    }

    private static RistrettoPoint MakeBase()
    {
        BigInteger p = BigInteger.Pow(2, 255) - 19;
        BigInteger y = 4 * BigInteger.ModPow(5, p - 2, p) % p;
        BigInteger d = ((-121665 * BigInteger.ModPow(121666, p - 2, p)) % p + p) % p;
        BigInteger xx = (y * y - 1) * BigInteger.ModPow((d * y * y + 1) % p, p - 2, p) % p;
        xx = (xx + p) % p;
        BigInteger x = BigInteger.ModPow(xx, (p + 3) / 8, p);
        if ((x * x - xx) % p != 0)
        {
            x = x * BigInteger.ModPow(2, (p - 1) / 4, p) % p;
        }

        if (!x.IsEven)
        {
            x = p - x;
        }

        int[] fx = FromInteger(x), fy = FromInteger(y);
        return new RistrettoPoint(fx, fy, Copy(One), Mul(fx, fy));
    }
}
