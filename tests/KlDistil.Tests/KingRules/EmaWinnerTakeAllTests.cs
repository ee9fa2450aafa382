using Tournament.Abstractions;
using Tournament.Plugins.KlDistil.KingRules;
using static Tournament.KlDistil.Tests.KingRules.RuleInputs;

namespace Tournament.KlDistil.Tests.KingRules;

public sealed class EmaWinnerTakeAllTests
{
    private readonly EmaWinnerTakeAll _rule = new(new EmaWinnerTakeAllOptions());
    private readonly Random _random = new(20261123);

    [Fact]
    public void Decide_FirstObservation_SetsEmaToKl()
    {
        var a = Sub("a", 10);
        var kl = 0.2 + _random.NextDouble();
        var decision = _rule.Decide(Input(Standings.Empty, null, false, [a], Sheet((a, Kl(kl)))));
        var entry = Assert.Single(decision.Standings.Entries);
        Assert.Equal(kl, entry.Score);
        Assert.Equal(kl, entry.Metrics["ema"]);
        Assert.Equal(kl, entry.Metrics["kl"]);
        Assert.Equal(120, entry.Metrics["prompts"]);
        Assert.Equal(1, entry.RoundsScored);
        Assert.Equal(a.Key, decision.King);
        Assert.Equal(1.0, decision.Weights.ByHotkey["a"]);
    }

    [Fact]
    public void Decide_RandomSequences_MatchesFloat64Recurrence()
    {
        for (var trial = 0; trial < 20; trial++)
        {
            var alpha = 0.05 + (0.9 * _random.NextDouble());
            var rule = new EmaWinnerTakeAll(new EmaWinnerTakeAllOptions { Alpha = alpha, MaxEma = 100 });
            var a = Sub("a", 10);
            var standings = Standings.Empty;
            double? reference = null;
            for (var round = 0; round < 8; round++)
            {
                var kl = 0.01 + (3 * _random.NextDouble());
                reference = reference is { } r ? (alpha * kl) + ((1 - alpha) * r) : kl;
                standings = rule.Decide(Input(standings, a.Key, false, [a], Sheet((a, Kl(kl))), 1000 + round)).Standings;
                Assert.Equal(reference.Value, standings.Entries[0].Score!.Value, 12);
                Assert.Equal(round + 1, standings.Entries[0].RoundsScored);
            }
        }
    }

    [Fact]
    public void Decide_LowestEmaWins_AndOthersGetZeroWeight()
    {
        var (a, b, c) = (Sub("a", 10), Sub("b", 20), Sub("c", 30));
        var decision = _rule.Decide(Input(Standings.Empty, null, false, [a, b, c], Sheet((a, Kl(0.5)), (b, Kl(0.3)), (c, Kl(0.9)))));
        Assert.Equal(b.Key, decision.King);
        Assert.Equal(new Dictionary<string, double> { ["b"] = 1.0 }, decision.Weights.ByHotkey);
        Assert.Equal(["b", "a", "c"], decision.Standings.Entries.Select(e => e.Key.Hotkey));
    }

    [Fact]
    public void Decide_Tie_GoesToEarlierCommitBlock()
    {
        var (early, late) = (Sub("zz-early", 5), Sub("aa-late", 50));
        var decision = _rule.Decide(Input(Standings.Empty, null, false, [late, early], Sheet((late, Kl(0.4)), (early, Kl(0.4)))));
        Assert.Equal(early.Key, decision.King);
    }

    [Fact]
    public void Decide_EmaAboveMax_Disqualifies()
    {
        var (a, b) = (Sub("a", 10), Sub("b", 20));
        var decision = _rule.Decide(Input(Standings.Empty, null, false, [a, b], Sheet((a, Kl(2.5)), (b, Kl(1.9)))));
        var dq = Assert.Single(decision.Disqualifications);
        Assert.Equal(a.Key, dq.Key);
        Assert.Equal("ema-too-high", dq.Reason.ReasonCode);
        Assert.Equal(b.Key, decision.King);
    }

    [Fact]
    public void Decide_TeacherCopyKlNearZero_IsDisqualifiedAndNeverBestSoFar()
    {
        var (king, copy) = (Sub("king", 10), Sub("copy", 20));
        var previous = _rule.Decide(Input(Standings.Empty, null, false, [king], Sheet((king, Kl(0.4))))).Standings;
        var decision = _rule.Decide(Input(previous, king.Key, false, [king, copy], Sheet((king, Kl(0.4)), (copy, Kl(5e-7)))));
        Assert.Equal(king.Key, decision.King);
        Assert.Equal("teacher-copy", Assert.Single(decision.Disqualifications).Reason.ReasonCode);
        Assert.DoesNotContain(decision.Standings.Entries, e => e.Key == copy.Key);
        Assert.False(decision.Weights.ByHotkey.ContainsKey("copy"));
    }

    [Fact]
    public void Decide_KingRepositoryDeleted_CrownMovesToBestFreshChallenger()
    {
        var (king, stale, fresh1, fresh2) = (Sub("king", 1), Sub("stale", 2), Sub("fresh1", 3), Sub("fresh2", 4));
        var previous = new Standings([
            new StandingEntry(king, 0.1, 5, 900, new Dictionary<string, double>()),
            new StandingEntry(stale, 0.2, 5, 900, new Dictionary<string, double>()),
        ]);
        var decision = _rule.Decide(Input(previous, king.Key, true, [stale, fresh1, fresh2], Sheet((fresh1, Kl(0.6)), (fresh2, Kl(0.5)))));
        Assert.Equal(fresh2.Key, decision.King);
        Assert.Equal(1.0, decision.Weights.ByHotkey["fresh2"]);
        Assert.Contains("gone", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_FailedScore_KeepsPreviousEma()
    {
        var a = Sub("a", 10);
        var previous = new Standings([new StandingEntry(a, 0.7, 3, 900, new Dictionary<string, double>())]);
        var sheet = Sheet((a, new ScoreFailed("nan", "NaN KL", [])));
        var decision = _rule.Decide(Input(previous, a.Key, false, [a], sheet));
        Assert.Equal(0.7, decision.Standings.Entries[0].Score);
        Assert.Equal(3, decision.Standings.Entries[0].RoundsScored);
    }

    [Fact]
    public void Decide_NobodyEligible_NoKingNoWeights()
    {
        var decision = _rule.Decide(Input(Standings.Empty, null, false, [], Sheet()));
        Assert.Null(decision.King);
        Assert.Empty(decision.Weights.ByHotkey);
    }

    [Fact]
    public void Decide_HigherIsBetterSheet_IsRefused()
    {
        var sheet = new ScoreSheet(ScoreDirection.HigherIsBetter, new Dictionary<SubmissionKey, CandidateScore>(), new Dictionary<string, double>());
        Assert.Throws<InvalidOperationException>(() => _rule.Decide(Input(Standings.Empty, null, false, [], sheet)));
    }
}
