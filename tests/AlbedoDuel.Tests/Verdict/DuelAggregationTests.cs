using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Verdict;

namespace Tournament.AlbedoDuel.Tests.Verdict;

public sealed class DuelAggregationTests
{
    private static readonly RoundSeed Seed = RoundSeed.FromBlockHash("0xabcd").ForChallenger("5C");

    private static SampleScores Sample(int i, params double[]?[] judges) =>
        new($"s{i}", true, judges.Select(j => (IReadOnlyList<double>?)j).ToList());

    [Fact]
    public void Decide_ClearWinner_PassesBothGates()
    {
        var samples = Enumerable.Range(0, 40).Select(i => Sample(i, i % 4 == 0 ? [0.5, 0.5, 0.5, 0.5, 0.5] : [1, 1, 1, 0.5, 1], [1, 1, 0.5, 1, 1])).ToList();

        var verdict = DuelAggregation.Decide(samples, 2, Seed, new DuelGates { BootstrapResamples = 2000 });

        Assert.Equal(DuelOutcome.ChallengerWins, verdict.Outcome);
        Assert.True(verdict.Challenger - verdict.King >= 2.0);
        Assert.True(verdict.BootstrapLower > 0);
    }

    [Fact]
    public void Decide_ExactFiftyFifty_IsATieAndKeepsTheKing()
    {
        var samples = Enumerable.Range(0, 10).Select(i => Sample(i, i % 2 == 0 ? [1, 1, 1, 1, 1] : [0, 0, 0, 0, 0])).ToList();

        var verdict = DuelAggregation.Decide(samples, 1, Seed, new DuelGates { BootstrapResamples = 2000 });

        Assert.Equal(DuelOutcome.Tie, verdict.Outcome);
        Assert.Equal(50.0, verdict.Challenger);
    }

    [Fact]
    public void Decide_SmallMarginOrNoisyWin_KeepsTheKing()
    {
        var narrow = Enumerable.Range(0, 200).Select(i => Sample(i, i < 101 ? [1, 1, 1, 1, 1] : [0, 0, 0, 0, 0])).ToList();
        var noisy = Enumerable.Range(0, 6).Select(i => Sample(i, i < 4 ? [1, 1, 1, 1, 1] : [0, 0, 0, 0, 0])).ToList();

        var a = DuelAggregation.Decide(narrow, 1, Seed, new DuelGates { BootstrapResamples = 2000 });
        var b = DuelAggregation.Decide(noisy, 1, Seed, new DuelGates { BootstrapResamples = 2000 });

        Assert.Equal(DuelOutcome.KingKeeps, a.Outcome);
        Assert.Contains("margin", a.Reason, StringComparison.Ordinal);
        Assert.Equal(DuelOutcome.KingKeeps, b.Outcome);
        Assert.Contains("bootstrap", b.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_TooFewValidSamples_IsAnInfrastructureFailureNotALoss()
    {
        var samples = Enumerable.Range(0, 10).Select(i => Sample(i, [1, 1, 1, 1, 1], i < 3 ? null : [1, 1, 1, 1, 1])).ToList();
        var none = Enumerable.Range(0, 3).Select(i => new SampleScores($"s{i}", false, [null])).ToList();

        Assert.Equal(DuelOutcome.InfrastructureFailure, DuelAggregation.Decide(samples, 2, Seed, new DuelGates { BootstrapResamples = 2000 }).Outcome);
        Assert.Equal(DuelOutcome.InfrastructureFailure, DuelAggregation.Decide(none, 1, Seed, new DuelGates { BootstrapResamples = 2000 }).Outcome);
        Assert.Equal(DuelOutcome.ChallengerWins, DuelAggregation.Decide(samples, 2, Seed, new DuelGates { MinValidFraction = 0.7 }).Outcome);
    }

    [Fact]
    public void Decide_UnparsedJudgeIsLeftOutOfItsOwnMeans_NeverCountedAsAWin()
    {
        var samples = Enumerable.Range(0, 10).Select(i => Sample(i, [0, 0, 0, 0, 0], i == 0 ? null : [0, 0, 0, 0, 0])).ToList();

        var verdict = DuelAggregation.Decide(samples, 2, Seed, new DuelGates { BootstrapResamples = 2000 });

        Assert.Equal(0.0, verdict.Challenger);
        Assert.Equal(9, verdict.ValidSamples);
    }
}
