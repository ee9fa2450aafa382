using Tournament.Plugins.Chain.Subtensor.Extrinsics;

namespace Tournament.Chain.Subtensor.Tests.Extrinsics;

public sealed class WeightScalingTests
{
    [Fact]
    public void ToU16_LikeTheSdk_MaxIs65535_HalfRoundsToEven_ZerosDropped_UidsSorted()
    {
        (ushort[] uids, ushort[] weights) = WeightScaling.ToU16(new Dictionary<ushort, double> { [9] = 0.5, [3] = 1.0, [7] = 0.0, [1] = 0.25 });
        Assert.Equal([1, 3, 9], uids);
        // 0.25·65535 = 16383.75 → 16384; 0.5·65535 = 32767.5 → 32768 (half to even, as Python's round).
        Assert.Equal([16384, 65535, 32768], weights);
    }

    [Fact]
    public void ToU16_RandomWeights_IndependentFloat64Reference()
    {
        var rng = new Random(Random.Shared.Next());
        var input = Enumerable.Range(0, 256).ToDictionary(i => (ushort)(i * 7), _ => Math.Pow(rng.NextDouble(), 3) * 1e6);
        (ushort[] uids, ushort[] weights) = WeightScaling.ToU16(input);
        double max = input.Values.Max();
        var expected = input.OrderBy(p => p.Key)
            .Select(p => (p.Key, W: (long)Math.Round(p.Value * 65535.0 / max, MidpointRounding.ToEven)))
            .Where(p => p.W != 0).ToArray();
        Assert.Equal(expected.Select(e => e.Key), uids);
        Assert.Equal(expected.Select(e => (ushort)e.W), weights);
        Assert.Contains((ushort)65535, weights);
    }

    [Fact]
    public void ToU16_AllZero_IsEmpty()
        => Assert.Empty(WeightScaling.ToU16(new Dictionary<ushort, double> { [1] = 0, [2] = 0 }).Uids);

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void ToU16_BadWeight_Throws(double w)
        => Assert.Throws<ArgumentException>(() => WeightScaling.ToU16(new Dictionary<ushort, double> { [1] = w }));
}
