using System.Globalization;
using System.Text.Json;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Plugins.AlbedoDuel.Judging;
using Tournament.Plugins.AlbedoDuel.Verdict;

namespace Tournament.AlbedoDuel.Tests.Verdict;

public sealed class VerdictReferenceTests
{
    private static readonly RoundSeed Seed = RoundSeed.FromBlockHash("0x5eed").ForChallenger("5Challenger");

    /// <summary>Golden: albedo/position-swap/v1 and albedo/bootstrap/v1 on a fixed input (values from the Python reference).</summary>
    [Fact]
    public void PositionSwapAndBootstrap_GoldenVectors()
    {
        var first = PositionSwap.ChallengerFirst(Seed, 8);
        var deltas = Enumerable.Range(0, 16).Select(i => ((i * 7 % 11) / 10.0) - 0.4).ToArray();

        Assert.Equal(GoldenSwap, Enumerable.Range(0, 8).Where(i => first[i]));
        Assert.Equal(GoldenLower, PairedBootstrap.LowerBound(deltas, Seed, 1000, 0.05));
    }

    [Theory]
    [InlineData(1, 64, 3)]
    [InlineData(2, 128, 1)]
    [InlineData(3, 5, 2)]
    public async Task SwapBootstrapAndPoints_MatchIndependentFloat64Reference(int generatorSeed, int n, int judges)
    {
        var random = new Random(generatorSeed);
        var deltas = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.3).ToArray();
        var scores = Enumerable.Range(0, n).Select(_ => (IReadOnlyList<IReadOnlyList<double>?>)Enumerable.Range(0, judges)
            .Select(_ => random.Next(6) == 0 ? null : (IReadOnlyList<double>)Enumerable.Range(0, 5).Select(_ => random.Next(3) / 2.0).ToList()).ToList()).ToList();
        scores[0] = Enumerable.Range(0, judges).Select(_ => (IReadOnlyList<double>?)[1.0, 1.0, 0.5, 0.0, 1.0]).ToList();
        var input = JsonSerializer.Serialize(new { seed = Seed.ToString(), n, deltas, resamples = 1000, quantile = 0.05, scores });

        var reference = await PythonReference.RunAsync("Verdict/albedo_verdict_reference.py", input);
        var first = PositionSwap.ChallengerFirst(Seed, n);
        var verdict = DuelAggregation.Decide(scores.Select((s, i) => new SampleScores($"s{i}", true, s)).ToList(), judges, Seed, new DuelGates { MinValidFraction = 0 });

        Assert.Equal(reference[0], string.Join(' ', Enumerable.Range(0, n).Where(i => first[i])));
        Assert.Equal(n / 2, first.Count(f => f));
        Assert.Equal(double.Parse(reference[1], CultureInfo.InvariantCulture), PairedBootstrap.LowerBound(deltas, Seed, 1000, 0.05));
        Assert.Equal(double.Parse(reference[2], CultureInfo.InvariantCulture), verdict.Challenger, 12);
        Assert.Equal(100 - verdict.Challenger, verdict.King, 12);
    }

    private static readonly int[] GoldenSwap = [0, 1, 5, 6];
    private const double GoldenLower = -0.031250000000000035;
}
