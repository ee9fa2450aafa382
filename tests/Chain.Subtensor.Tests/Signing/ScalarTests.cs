using System.Numerics;
using Tournament.Plugins.Chain.Subtensor.Signing;

namespace Tournament.Chain.Subtensor.Tests.Signing;

/// <summary>
/// The constant-time limb arithmetic mod l against an independent BigInteger reference written here (the arithmetic the
/// plugin used before), on fresh random inputs of every size the signer meets, and on the edges (0, l−1, l, 2^256−1,
/// 2^512−1). Signatures made with it verify in both npm libraries (Sr25519ReferenceTests).
/// </summary>
public sealed class ScalarTests
{
    private static readonly BigInteger L = BigInteger.Pow(2, 252) + BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
    private readonly Random _rng = new(Random.Shared.Next());

    [Fact]
    public void FromWide_RandomAndEdgeInputs_EqualsTheBigIntegerReduction()
    {
        var inputs = Enumerable.Range(0, 2000).Select(_ => Bytes(64)).ToList();
        inputs.Add(new byte[64]);
        inputs.Add([.. Enumerable.Repeat((byte)0xff, 64)]);
        inputs.Add(Fixed(L, 64));
        inputs.Add(Fixed(L - 1, 64));
        inputs.Add(Fixed(L * L, 64));
        foreach (byte[] wide in inputs)
        {
            Assert.Equal(Fixed(Value(wide) % L, 32), Scalar25519.FromWide(wide));
        }
    }

    [Fact]
    public void MulAdd_RandomAndEdgeInputs_EqualsTheBigIntegerResult()
    {
        BigInteger[] edges = [0, 1, L - 1, L, L + 1, BigInteger.Pow(2, 255), BigInteger.Pow(2, 256) - 1];
        var cases = Enumerable.Range(0, 2000).Select(_ => (Bytes(32), Bytes(32), Bytes(32))).ToList();
        cases.AddRange(from a in edges from b in edges select (Fixed(a, 32), Fixed(b, 32), Fixed(edges[_rng.Next(edges.Length)], 32)));
        foreach ((byte[] a, byte[] b, byte[] c) in cases)
        {
            Assert.Equal(Fixed(((Value(a) * Value(b)) + Value(c)) % L, 32), Scalar25519.MulAdd(a, b, c));
        }
    }

    [Fact]
    public void Reduce_RandomInputs_EqualsTheBigIntegerReduction()
    {
        for (int i = 0; i < 500; i++)
        {
            byte[] x = Bytes(32);
            Assert.Equal(Fixed(Value(x) % L, 32), Scalar25519.Reduce(x));
        }
    }

    private byte[] Bytes(int n)
    {
        byte[] b = new byte[n];
        _rng.NextBytes(b);
        return b;
    }

    private static BigInteger Value(byte[] bytes) => new(bytes, isUnsigned: true);

    private static byte[] Fixed(BigInteger value, int length)
    {
        byte[] bytes = new byte[length];
        Assert.True(value.TryWriteBytes(bytes, out _, isUnsigned: true));
        return bytes;
    }
}
