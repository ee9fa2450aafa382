using Tournament.Abstractions;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Tests.Safetensors;

public sealed class DTypeConversionsTests
{
    [Theory]
    [InlineData(SafetensorsDType.BF16, 8, 7)]
    [InlineData(SafetensorsDType.F16, 5, 10)]
    public void ToFloat32_RandomBitPatterns_MatchesFloat64Reference(SafetensorsDType dtype, int exponentBits, int mantissaBits)
    {
        var random = new Random();
        var bytes = new byte[2 * 4096];
        random.NextBytes(bytes);
        var values = DTypeConversions.ToFloat32(bytes, dtype);
        for (var i = 0; i < values.Length; i++)
        {
            var bits = bytes[2 * i] | (bytes[(2 * i) + 1] << 8);
            var expected = Reference(bits, exponentBits, mantissaBits);
            if (double.IsNaN(expected))
            {
                Assert.True(float.IsNaN(values[i]));
            }
            else
            {
                Assert.Equal(expected, (double)values[i]);
            }
        }
    }

    [Fact]
    public void FromFloat32_BF16_RoundsToNearestRepresentable()
    {
        var random = new Random();
        var values = Enumerable.Range(0, 4096).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(2, random.Next(-30, 30)))).ToArray();
        var decoded = DTypeConversions.ToFloat32(DTypeConversions.FromFloat32(values, SafetensorsDType.BF16), SafetensorsDType.BF16);
        for (var i = 0; i < values.Length; i++)
        {
            // The two bf16 neighbours of x are its truncation t and t + 1 ulp; the result must be the nearer.
            var bits = (uint)BitConverter.SingleToInt32Bits(values[i]) & 0xFFFF0000u;
            double low = BitConverter.Int32BitsToSingle((int)bits), high = BitConverter.Int32BitsToSingle((int)(bits + 0x10000u));
            var best = Math.Min(Math.Abs(values[i] - low), Math.Abs(values[i] - high));
            Assert.Equal(best, Math.Abs(values[i] - (double)decoded[i]));
        }
    }

    [Theory]
    [InlineData(SafetensorsDType.F16)]
    [InlineData(SafetensorsDType.F32)]
    [InlineData(SafetensorsDType.F64)]
    public void FromFloat32ThenBack_RepresentableValues_AreExact(SafetensorsDType dtype)
    {
        var random = new Random();
        var values = Enumerable.Range(0, 1000).Select(_ => (float)(random.Next(-2048, 2048) / 16.0)).ToArray();
        Assert.Equal(values, DTypeConversions.ToFloat32(DTypeConversions.FromFloat32(values, dtype), dtype));
    }

    private static double Reference(int bits, int exponentBits, int mantissaBits)
    {
        var sign = (bits >> (exponentBits + mantissaBits)) & 1;
        var exponent = (bits >> mantissaBits) & ((1 << exponentBits) - 1);
        var mantissa = bits & ((1 << mantissaBits) - 1);
        var bias = (1 << (exponentBits - 1)) - 1;
        double magnitude;
        if (exponent == (1 << exponentBits) - 1)
        {
            magnitude = mantissa == 0 ? double.PositiveInfinity : double.NaN;
        }
        else if (exponent == 0)
        {
            magnitude = mantissa * Math.Pow(2, 1 - bias - mantissaBits);
        }
        else
        {
            magnitude = (1 + (mantissa / Math.Pow(2, mantissaBits))) * Math.Pow(2, exponent - bias);
        }

        return sign == 1 ? -magnitude : magnitude;
    }
}
