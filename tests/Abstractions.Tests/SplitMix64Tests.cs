namespace Tournament.Abstractions.Tests;

public sealed class SplitMix64Tests
{
    [Fact]
    public void NextUInt64_SeedZero_MatchesVignaReferenceVectors()
    {
        // Reference outputs of Vigna's splitmix64.c for state 0.
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void Below_RandomBounds_StaysInRange()
    {
        var seeds = new Random(3);
        for (var i = 0; i < 200; i++)
        {
            var random = new SplitMix64((ulong)seeds.NextInt64());
            var bound = (ulong)seeds.NextInt64(1, long.MaxValue);
            Assert.InRange(random.Below(bound), 0UL, bound - 1);
        }

        Assert.Equal(0UL, new SplitMix64(1).Below(1));
    }

    [Fact]
    public void Permutation_IsAPermutationAndDependsOnSeed()
    {
        var a = new SplitMix64(42).Permutation(1000);
        var b = new SplitMix64(43).Permutation(1000);
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        Assert.NotEqual(a, b);
        Assert.Empty(new SplitMix64(1).Permutation(0));
        Assert.Equal([0], new SplitMix64(1).Permutation(1));
    }

    [Fact]
    public void Permutation_SmallN_FisherYatesByHand()
    {
        // Recompute the documented loop independently: for i = n-1..1, j = Below(i+1), swap.
        var reference = new SplitMix64(99);
        var expected = new[] { 0, 1, 2, 3, 4 };
        for (var i = 4; i > 0; i--)
        {
            var j = (int)reference.Below((ulong)i + 1);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        Assert.Equal(expected, new SplitMix64(99).Permutation(5));
    }
}
