using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Duel;
using Tournament.Plugins.AlbedoDuel.Verdict;

namespace Tournament.AlbedoDuel.Tests.Verdict;

public sealed class DuelMarginRuleTests
{
    private static readonly Submission King = new("5King", 1, 10, ModelRef.Parse("k/king@" + new string('a', 40)));
    private static readonly Submission Other = new("5Other", 3, 11, ModelRef.Parse("o/other@" + new string('c', 40)));
    private static readonly Submission Challenger = new("5Chal", 2, 20, ModelRef.Parse("c/chal@" + new string('b', 40)));

    [Fact]
    public void ClearWin_CrownsTheChallenger_AndPublishesTheVerdict()
    {
        var sink = new Sink();
        var decision = Rule().Decide(Input(Sheet(Wins(40, 0.8)), sink));

        Assert.Equal(Challenger.Key, decision.King);
        Assert.Equal(1.0, decision.Weights.ByHotkey[Challenger.Hotkey]);
        Assert.Empty(decision.ReEvaluate);
        var verdict = Assert.Single(sink.Items, a => a.Key.EndsWith("/verdict.json", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(verdict.Content);
        Assert.Equal("ChallengerWins", json.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(Challenger.Hotkey, json.RootElement.GetProperty("challenger_hotkey").GetString());
        Assert.Equal(King.Hotkey, json.RootElement.GetProperty("king_hotkey").GetString());
    }

    [Fact]
    public void NarrowWinOrLoss_KeepsTheKing_AndTheChallengerIsEvaluated()
    {
        var narrow = Rule().Decide(Input(Sheet(Mixed(200, 101)), new Sink()));
        var loss = Rule().Decide(Input(Sheet(Wins(40, 0.2)), new Sink()));

        Assert.Equal(King.Key, narrow.King);
        Assert.Contains("margin", narrow.Explanation, StringComparison.Ordinal);
        Assert.Empty(narrow.ReEvaluate);
        Assert.Equal(King.Key, loss.King);
        Assert.Empty(loss.ReEvaluate);
    }

    [Fact]
    public void ExactFiftyFifty_IsATie_AndKeepsTheKing()
    {
        var decision = Rule().Decide(Input(Sheet(Mixed(10, 5)), new Sink()));

        Assert.Equal(King.Key, decision.King);
        Assert.Contains("tie", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void TooFewValidSamples_IsRetried_NotALoss()
    {
        var sink = new Sink();
        var decision = Rule().Decide(Input(Sheet(Wins(10, 0.9), finished: 40), sink));

        Assert.Equal(King.Key, decision.King);
        Assert.Equal([Challenger.Key], decision.ReEvaluate);
        Assert.Null(decision.Standings.Find(Challenger.Key));
        Assert.Contains("not the challenger's loss", decision.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoWinRule_FirstWinAsksForAReEvaluation_SecondWinCrowns()
    {
        var rule = Rule(new DuelGates { BootstrapResamples = 2000, RequireTwoWins = true });

        var first = rule.Decide(Input(Sheet(Wins(40, 0.8)), new Sink()));
        var second = rule.Decide(Input(Sheet(Wins(40, 0.8)), new Sink(), first.Standings));

        Assert.Equal(King.Key, first.King);
        Assert.Equal([Challenger.Key], first.ReEvaluate);
        Assert.Equal(1, first.Standings.Find(Challenger.Key)!.Metrics[DuelMarginRule.Wins]);
        Assert.Equal(Challenger.Key, second.King);
        Assert.Empty(second.ReEvaluate);
    }

    /// <summary>
    /// Regression 12: the crown cannot change while a duel against the current king is in flight. A verdict reached
    /// against another king (the crown moved while this duel ran: its sheet scores <c>Other</c>, not the seated king)
    /// never moves the crown; the challenger meets the seated king again.
    /// </summary>
    [Fact]
    public void Regression12_CrownCannotChangeWhileADuelAgainstTheCurrentKingIsInFlight()
    {
        var staleSheet = Sheet(Wins(40, 0.9), king: Other);
        var sink = new Sink();

        var decision = Rule().Decide(Input(staleSheet, sink, eligible: [Other, Challenger]));

        Assert.Equal(King.Key, decision.King);
        Assert.Equal(1.0, decision.Weights.ByHotkey[King.Hotkey]);
        Assert.Equal([Challenger.Key], decision.ReEvaluate);
        Assert.Empty(sink.Items);
    }

    [Fact]
    public void VacantCrown_GoesToTheScoredChallenger()
    {
        var sheet = new ScoreSheet(ScoreDirection.HigherIsBetter, new Dictionary<SubmissionKey, CandidateScore>
        {
            [Challenger.Key] = new Scored(100, [], new Dictionary<string, double> { [DuelMetrics.NoKing] = 1 }),
        }, new Dictionary<string, double>());

        var decision = Rule().Decide(new KingRuleInput(Round(null, new Sink()), Standings.Empty, null, false, [Challenger], sheet));

        Assert.Equal(Challenger.Key, decision.King);
    }

    /// <summary>
    /// Two sequential duels of one round (queue scheduling: one scoring call and one decision each, one artifact sink):
    /// each duel's <c>verdict.json</c> keeps the phase timings its own scoring call reported, not the last duel's.
    /// </summary>
    [Fact]
    public void SequentialDuels_EachVerdictKeepsItsOwnPhaseTimings()
    {
        var second = new Submission("5Second", 4, 21, ModelRef.Parse("s/second@" + new string('e', 40)));
        var sink = new Sink();
        var rule = Rule();
        var firstPhases = Phases(1.5, 2.25, 3.125, 0.0625);
        var secondPhases = Phases(10.5, 20.25, 30.125, 0.5);

        var first = rule.Decide(Input(Sheet(Wins(40, 0.2), phases: firstPhases), sink, eligible: [King, Challenger]));
        rule.Decide(Input(Sheet(Wins(40, 0.3), phases: secondPhases, challenger: second), sink, first.Standings, [King, second]));

        var verdicts = sink.Items.Where(a => a.Key.EndsWith("/verdict.json", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, verdicts.Count);
        Assert.Equal(firstPhases, PhasesIn(verdicts.Single(a => a.Key.Contains("/5Chal-20/", StringComparison.Ordinal))));
        Assert.Equal(secondPhases, PhasesIn(verdicts.Single(a => a.Key.Contains("/5Second-21/", StringComparison.Ordinal))));
    }

    private static Dictionary<string, double> Phases(params double[] seconds) =>
        DuelPhases.All.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => seconds[x.i]);

    private static Dictionary<string, double> PhasesIn(Artifact verdict)
    {
        using var json = JsonDocument.Parse(verdict.Content);
        return json.RootElement.GetProperty("phase_seconds").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }

    private static DuelMarginRule Rule(DuelGates? gates = null) =>
        new(gates ?? new DuelGates { BootstrapResamples = 2000 }, TimeProvider.System, NullLogger<DuelMarginRule>.Instance);

    private static double[] Wins(int n, double score) => Enumerable.Repeat(score, n).ToArray();

    private static double[] Mixed(int n, int ones) => Enumerable.Range(0, n).Select(i => i < ones ? 1.0 : 0.0).ToArray();

    private static ScoreSheet Sheet(double[] validScores, int? finished = null, Submission? king = null, Dictionary<string, double>? phases = null, Submission? challenger = null)
    {
        var points = 100.0 * validScores.Average();
        var metrics = new Dictionary<string, double> { [DuelMetrics.Finished] = finished ?? validScores.Length, [DuelMetrics.Valid] = validScores.Length, [DuelMetrics.Judges] = 1 };
        foreach (var (phase, seconds) in phases ?? [])
        {
            metrics[phase] = seconds;
        }

        var perPrompt = validScores.Select((s, i) => new PromptScore($"s{i}", s)).ToList();
        return new ScoreSheet(ScoreDirection.HigherIsBetter, new Dictionary<SubmissionKey, CandidateScore>
        {
            [(king ?? King).Key] = new Scored(100 - points, [], new Dictionary<string, double>()),
            [(challenger ?? Challenger).Key] = new Scored(points, perPrompt, metrics),
        }, metrics);
    }

    private static KingRuleInput Input(ScoreSheet sheet, Sink sink, Standings? previous = null, IReadOnlyList<Submission>? eligible = null) =>
        new(Round(King.Key, sink), previous ?? new Standings([new StandingEntry(King, 60, 1, 90, new Dictionary<string, double>())]), King.Key, false, eligible ?? [King, Challenger], sheet);

    private static RoundContext Round(SubmissionKey? king, Sink sink) =>
        new("albedo", new ChainHead(100, "0x" + new string('d', 64), DateTimeOffset.UnixEpoch), RoundSeed.FromBlockHash("0x" + new string('d', 64)), king, NullProgressReporter.Instance, sink);

    private sealed class Sink : IArtifactSink
    {
        public List<Artifact> Items { get; } = [];

        public void Add(Artifact artifact) => Items.Add(artifact);
    }
}
