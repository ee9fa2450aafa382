using Tournament.Abstractions;
using Tournament.Plugins.KlDistil.KingRules;
using static Tournament.KlDistil.Tests.KingRules.RuleInputs;

namespace Tournament.KlDistil.Tests.KingRules;

public sealed class PairedTTestTests
{
    private readonly PairedTTest _rule = new(new PairedTTestOptions());
    private readonly Random _random = new(77);
    private readonly Submission _king = Sub("king", 10);
    private readonly Submission _challenger = Sub("challenger", 20);

    [Fact]
    public void Decide_SignificantlyBetterOnEnoughPairs_Dethrones()
    {
        var king = Values(120, 0.8, 0.3);
        var challenger = king.Select(v => (v * 0.85) + (0.01 * (_random.NextDouble() - 0.5))).ToList();
        var decision = Decide(PerPrompt(king), PerPrompt(challenger));
        Assert.Equal(_challenger.Key, decision.King);
        Assert.Equal(1.0, decision.Weights.ByHotkey["challenger"]);
    }

    [Fact]
    public void Decide_SignificantButBelowMargin_KingStays()
    {
        var king = Values(120, 0.8, 0.3);
        var challenger = king.Select(v => (v * 0.985) + (1e-5 * (_random.NextDouble() - 0.5))).ToList();
        var comparison = PairedComparison.Compute(PerPrompt(king).PerPrompt, PerPrompt(challenger).PerPrompt);
        Assert.True(comparison.PValue < 0.03);
        Assert.Equal(_king.Key, Decide(PerPrompt(king), PerPrompt(challenger)).King);
    }

    [Fact]
    public void Decide_ChallengerScoredFewerPrompts_ComparedOnPairedOnly_BelowMinimumCannotDethrone()
    {
        // Timeouts: the challenger scored 90 prompts, all much better; 90 pairs < 100 so the crown stays.
        var king = Values(120, 0.8, 0.3);
        var challenger = king.Take(90).Select(v => v * 0.5).ToList();
        Assert.Equal(_king.Key, Decide(PerPrompt(king), PerPrompt(challenger)).King);

        // The king timed out on half the prompts: only the 60 prompts both scored count.
        var decision = Decide(PerPrompt(king.Take(60).ToList()), PerPrompt(king.Select(v => v * 0.5).ToList()));
        Assert.Equal(_king.Key, decision.King);
        Assert.Equal(60, PairedComparison.Compute(PerPrompt(king.Take(60).ToList()).PerPrompt, PerPrompt(king).PerPrompt).Pairs);
    }

    [Fact]
    public void Compute_RandomInputs_MatchesTwoPassFloat64Reference()
    {
        for (var trial = 0; trial < 20; trial++)
        {
            var n = 100 + _random.Next(200);
            var king = Values(n, 0.5, 1.0);
            var challenger = king.Select(v => v - 0.05 + (0.2 * (_random.NextDouble() - 0.5))).ToList();
            var d = king.Zip(challenger, (k, c) => k - c).ToArray();
            var mean = d.Sum() / n;
            var sd = Math.Sqrt(d.Sum(x => (x - mean) * (x - mean)) / (n - 1));
            var t = mean / (sd / Math.Sqrt(n));
            var result = PairedComparison.Compute(PerPrompt(king).PerPrompt, PerPrompt(challenger).PerPrompt);
            Assert.Equal(n, result.Pairs);
            Assert.Equal(t, result.T, 9);
            Assert.Equal(1 - StudentT.Cdf(t, n - 1), result.PValue, 12);
        }
    }

    [Fact]
    public void Decide_NoKing_LowestMeanWins()
    {
        var (a, b) = (Sub("a", 1), Sub("b", 2));
        var decision = _rule.Decide(Input(Standings.Empty, null, false, [a, b], Sheet((a, Kl(0.6)), (b, Kl(0.4)))));
        Assert.Equal(b.Key, decision.King);
        Assert.Equal(0.4, decision.Standings.Find(b.Key)!.Metrics["kl"]);
    }

    [Fact]
    public void Decide_KingGone_BestFreshChallengerPromoted()
    {
        var (a, b) = (Sub("a", 1), Sub("b", 2));
        var decision = _rule.Decide(Input(Standings.Empty, _king.Key, true, [a, b], Sheet((a, Kl(0.6)), (b, Kl(0.5)))));
        Assert.Equal(b.Key, decision.King);
    }

    [Fact]
    public void Decide_TeacherCopyChallenger_IsDisqualifiedNotCrowned()
    {
        var king = Values(120, 0.8, 0.3);
        var decision = Decide(PerPrompt(king), PerPrompt(Enumerable.Repeat(0.0, 120).ToList()));
        Assert.Equal(_king.Key, decision.King);
        Assert.Equal("teacher-copy", Assert.Single(decision.Disqualifications).Reason.ReasonCode);
    }

    private KingDecision Decide(Scored king, Scored challenger) =>
        _rule.Decide(Input(Standings.Empty, _king.Key, false, [_king, _challenger], Sheet((_king, king), (_challenger, challenger))));

    private List<double> Values(int n, double offset, double spread) =>
        Enumerable.Range(0, n).Select(_ => offset + (spread * _random.NextDouble())).ToList();
}
