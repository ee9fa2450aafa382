using CsCheck;
using Tournament.Fuzzing;

namespace Tournament.Abstractions.Tests.Fuzz;

/// <summary>CI fuzz inputs are fixed: the same property gets the same inputs on every run, another property others,
/// and each input's seed replays it through CsCheck.</summary>
public sealed class FuzzSeedsTests
{
    private static readonly Gen<byte[]> Bytes = Gen.Byte.Array[0, 64];

    [Fact]
    public void SameProperty_SameInputsEveryRun()
    {
        var first = FuzzSeeds.Inputs(Bytes, "seeds/a", 50).ToList();
        var second = FuzzSeeds.Inputs(Bytes, "seeds/a", 50).ToList();
        Assert.Equal(first.Select(x => x.Seed), second.Select(x => x.Seed));
        Assert.Equal(first.Select(x => Convert.ToHexString(x.Input)), second.Select(x => Convert.ToHexString(x.Input)));
        Assert.Equal(50, first.Select(x => x.Seed).Distinct().Count());
    }

    [Fact]
    public void OtherProperty_OtherInputs()
    {
        var a = FuzzSeeds.Inputs(Bytes, "seeds/a", 20).Select(x => Convert.ToHexString(x.Input)).ToList();
        var b = FuzzSeeds.Inputs(Bytes, "seeds/b", 20).Select(x => Convert.ToHexString(x.Input)).ToList();
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Seed_ReplaysTheSameInput()
    {
        foreach (var (seed, input) in FuzzSeeds.Inputs(Bytes, "seeds/replay", 10))
        {
            var replayed = Bytes.Generate(PCG.Parse(seed), null, out _);
            Assert.Equal(input, replayed);
        }
    }

    [Fact]
    public void FailingInput_IsNamedByItsSeed()
    {
        var property = new FuzzProperty("seeds/failing", typeof(FormatException));
        void Run() => property.Run(Bytes, b => b.Length, b =>
        {
            if (b.Length > 3)
            {
                throw new InvalidOperationException("boom");
            }
        }, ciIterations: 200);

        if (FuzzBudget.IsExploring)
        {
            // The long run (TOURNAMENT_FUZZ_ITER) hands the inputs to CsCheck, which shrinks and prints the seed.
            var shrunk = Assert.Throws<CsCheckException>(Run);
            Assert.Contains("CsCheck_Seed=", shrunk.Message, StringComparison.Ordinal);
            return;
        }

        var ex = Assert.Throws<FuzzReplayException>(Run);
        Assert.Matches("seeds/failing: fixed input with seed \"[0-9A-Za-z_-]+\" failed \\(rerun with -e CsCheck_Seed=", ex.Message);
        Assert.IsType<FuzzFailureException>(ex.InnerException);
    }
}
