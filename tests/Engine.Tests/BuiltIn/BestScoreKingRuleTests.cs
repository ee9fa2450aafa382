using Tournament.Abstractions;
using Tournament.Engine.BuiltIn;
using Tournament.Engine.Rounds;

namespace Tournament.Engine.Tests.BuiltIn;

public sealed class BestScoreKingRuleTests
{
    private static readonly ChainHead Head = new(500, "0x" + new string('c', 64), DateTimeOffset.UnixEpoch);

    [Fact]
    public void Decide_LowerIsBetter_LowestScoreWinsAllWeight()
    {
        var (a, b) = (Sub("a", 10), Sub("b", 20));

        var decision = Rule().Decide(Input([a, b], Scores(ScoreDirection.LowerIsBetter, (a, 0.9), (b, 0.4))));

        Assert.Equal(b.Key, decision.King);
        Assert.Equal(new Dictionary<string, double> { ["b"] = 1.0 }, decision.Weights.ByHotkey);
    }

    [Fact]
    public void Decide_HigherIsBetter_HighestScoreWins()
    {
        var (a, b) = (Sub("a", 10), Sub("b", 20));

        var decision = Rule().Decide(Input([a, b], Scores(ScoreDirection.HigherIsBetter, (a, 0.9), (b, 0.4))));

        Assert.Equal(a.Key, decision.King);
    }

    [Fact]
    public void Decide_Tie_GoesToTheEarlierCommitBlock()
    {
        var (late, early) = (Sub("late", 30), Sub("early", 12));

        var decision = Rule().Decide(Input([late, early], Scores(ScoreDirection.LowerIsBetter, (late, 0.5), (early, 0.5))));

        Assert.Equal(early.Key, decision.King);
    }

    [Fact]
    public void Decide_KingNotScoredAndNotGone_KeepsTheCrown()
    {
        var (king, challenger) = (Sub("king", 5), Sub("c", 9));

        var decision = Rule().Decide(Input([challenger], Scores(ScoreDirection.LowerIsBetter, (challenger, 0.01)), king: king.Key));

        Assert.Equal(king.Key, decision.King);
        Assert.Equal(new Dictionary<string, double> { ["king"] = 1.0 }, decision.Weights.ByHotkey);
        Assert.Equal(1, decision.Standings.Find(challenger.Key)!.RoundsScored);
    }

    [Fact]
    public void Decide_KingGone_BestFreshChallengerIsCrowned()
    {
        var (king, b, c) = (Sub("king", 5), Sub("b", 9), Sub("c", 11));

        var decision = Rule().Decide(Input([b, c], Scores(ScoreDirection.LowerIsBetter, (b, 0.8), (c, 0.3)), king: king.Key, kingGone: true));

        Assert.Equal(c.Key, decision.King);
        Assert.Contains("gone", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_KingGoneAndNobodyScored_NoKingNoWeights()
    {
        var king = Sub("king", 5);

        var decision = Rule().Decide(Input([], Scores(ScoreDirection.LowerIsBetter), king: king.Key, kingGone: true));

        Assert.Null(decision.King);
        Assert.Empty(decision.Weights.ByHotkey);
    }

    [Fact]
    public void Decide_KingScoredWorse_ChallengerDethronesIt()
    {
        var (king, c) = (Sub("king", 5), Sub("c", 9));

        var decision = Rule().Decide(Input([king, c], Scores(ScoreDirection.LowerIsBetter, (king, 0.6), (c, 0.5)), king: king.Key));

        Assert.Equal(c.Key, decision.King);
    }

    [Fact]
    public void Decide_Standings_CountRoundsAndKeepLastScoreAndMetrics()
    {
        var a = Sub("a", 10);
        var previous = new Standings([new StandingEntry(a, 0.9, 3, 400, new Dictionary<string, double>())]);
        var sheet = new ScoreSheet(
            ScoreDirection.LowerIsBetter,
            new Dictionary<SubmissionKey, CandidateScore> { [a.Key] = new Scored(0.7, [new PromptScore("p1", 0.6), new PromptScore("p2", 0.8)], new Dictionary<string, double> { ["bits"] = 1.5 }) },
            new Dictionary<string, double>());

        var decision = Rule().Decide(new KingRuleInput(Round(), previous, null, false, [a], sheet));

        var entry = decision.Standings.Find(a.Key)!;
        Assert.Equal((0.7, 4, 500L), (entry.Score!.Value, entry.RoundsScored, entry.LastScoredBlock!.Value));
        Assert.Equal(1.5, entry.Metrics["bits"]);
        Assert.Equal(2, entry.Metrics["prompts"]);
    }

    [Fact]
    public void Decide_ScoreWithFewerPromptsThanMinimum_CannotWin()
    {
        var (a, b) = (Sub("a", 10), Sub("b", 20));
        var sheet = new ScoreSheet(
            ScoreDirection.LowerIsBetter,
            new Dictionary<SubmissionKey, CandidateScore>
            {
                [a.Key] = new Scored(0.9, [new PromptScore("p1", 0.9), new PromptScore("p2", 0.9)], new Dictionary<string, double>()),
                [b.Key] = new Scored(0.1, [new PromptScore("p1", 0.1)], new Dictionary<string, double>()),
            },
            new Dictionary<string, double>());

        var decision = new BestScoreKingRule(new BestScoreOptions { MinPromptsScored = 2 }).Decide(new KingRuleInput(Round(), Standings.Empty, null, false, [a, b], sheet));

        Assert.Equal(a.Key, decision.King);
    }

    [Fact]
    public void Decide_SameInputTwice_SameDecision()
    {
        var (a, b, c) = (Sub("a", 10), Sub("b", 20), Sub("c", 20));
        var input = Input([c, b, a], Scores(ScoreDirection.LowerIsBetter, (a, 0.5), (b, 0.25), (c, 0.25)));

        var first = Rule().Decide(input);
        var second = Rule().Decide(input);

        Assert.Equal(b.Key, first.King);
        Assert.Equal(first.King, second.King);
        Assert.Equal(first.Explanation, second.Explanation);
        Assert.Equal(first.Standings.Entries.Select(e => e.Key), second.Standings.Entries.Select(e => e.Key));
    }

    private static BestScoreKingRule Rule() => new(new BestScoreOptions());

    private static Submission Sub(string hotkey, long block) =>
        new(hotkey, hotkey.Length, block, new ModelRef($"o/{hotkey}", new string('e', 64)));

    private static RoundContext Round() =>
        new("test", Head, RoundSeed.FromBlockHash(Head.Hash), null, NullProgressReporter.Instance, new ArtifactCollector());

    private static ScoreSheet Scores(ScoreDirection direction, params (Submission Submission, double Value)[] scores) =>
        new(
            direction,
            scores.ToDictionary(s => s.Submission.Key, s => (CandidateScore)new Scored(s.Value, [new PromptScore("p", s.Value)], new Dictionary<string, double>())),
            new Dictionary<string, double>());

    private static KingRuleInput Input(IReadOnlyList<Submission> eligible, ScoreSheet sheet, SubmissionKey? king = null, bool kingGone = false) =>
        new(Round(), Standings.Empty, king, kingGone, eligible, sheet);
}
