using System.Globalization;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Duel;
using Tournament.Plugins.AlbedoDuel.Traces;

namespace Tournament.Plugins.AlbedoDuel.Verdict;

/// <summary>
/// The <c>duel-margin</c> king rule, for queue scheduling (one challenger per decision). It judges the evidence the
/// <c>duel</c> scorer reported (<see cref="DuelMetrics.Read"/>) with <see cref="DuelAggregation.Judge"/>: too few valid
/// samples is an infrastructure failure (the challenger meets the king again, no loss recorded); a tie or a failed gate
/// keeps the king; a win crowns the challenger, or with <see cref="DuelGates.RequireTwoWins"/> counts one win and asks
/// for a re-evaluation (a later round, so a fresh seed). A verdict only moves the crown of the king the duel was fought
/// against (regression 12). Weights are winner-take-all; a mode's <c>WeightPolicy</c> (e.g. <c>last-kings</c>) replaces them.
/// The rule adds the duel's <c>verdict.json</c> to the round's artifacts, with the duel's own phase timings (so each of a
/// round's sequential duels keeps its own, whatever the round-level figures sum).
/// </summary>
[Component("duel-margin", Options = typeof(DuelGates), Description = "Duel verdict: margin gate, paired bootstrap gate, valid-fraction rule, ties keep the king, optional two wins (Albedo).")]
internal sealed partial class DuelMarginRule(DuelGates gates, TimeProvider time, ILogger<DuelMarginRule> logger) : IKingRule
{
    public const string Wins = "wins";

    public KingDecision Decide(KingRuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var king = input.KingGone ? null : input.CurrentKing;
        var challenger = input.Eligible.LastOrDefault(s => s.Key != input.CurrentKing);
        var scored = challenger is null ? null : Scored(input, challenger.Key);
        if (challenger is null || scored is null)
        {
            return Keep(king, input.Previous, challenger is null
                ? "No challenger was scored; the crown does not change."
                : $"The challenger {challenger.Key} could not be scored; the crown does not change.");
        }

        if (king is null)
        {
            var first = Put(input.Previous, challenger, scored.Value, 0, input.Round.Head.Number);
            return new KingDecision(challenger.Key, first, WeightVector.WinnerTakesAll(challenger.Hotkey), [], $"{challenger.Key} takes the vacant crown.");
        }

        var kingSubmission = input.Eligible.FirstOrDefault(s => s.Key == king.Value);
        if (kingSubmission is null || Scored(input, king.Value) is null || scored.Metrics.ContainsKey(DuelMetrics.NoKing))
        {
            // The evidence was not gathered against the king now seated (regression 12): it cannot move this crown.
            return Keep(king, input.Previous, $"The duel of {challenger.Key} was not fought against the current king {king}; the crown does not change and the challenger meets it again.") with { ReEvaluate = [challenger.Key] };
        }

        var started = time.GetTimestamp();
        var duel = DuelIdentity.For(input.Round, kingSubmission, challenger);
        var verdict = DuelAggregation.Judge(DuelMetrics.Read(scored), duel.Seed, gates);
        var milliseconds = time.GetElapsedTime(started).TotalMilliseconds;
        Log.Verdict(logger, duel.DuelId, verdict.Outcome, milliseconds);
        var wins = (int)(input.Previous.Find(challenger.Key)?.Metrics.GetValueOrDefault(Wins) ?? 0) + (verdict.Outcome == DuelOutcome.ChallengerWins ? 1 : 0);
        var standings = verdict.Outcome == DuelOutcome.InfrastructureFailure ? input.Previous : Put(input.Previous, challenger, scored.Value, wins, input.Round.Head.Number);
        var decision = verdict.Outcome switch
        {
            DuelOutcome.InfrastructureFailure => Keep(king, standings, $"{verdict.Reason} The king {king} keeps the crown; it is not the challenger's loss.") with { ReEvaluate = [challenger.Key] },
            DuelOutcome.ChallengerWins when gates.RequireTwoWins && wins < 2 => Keep(king, standings, $"{verdict.Reason} That is win {wins} of 2; {challenger.Key} meets the king {king} again with a fresh seed.") with { ReEvaluate = [challenger.Key] },
            DuelOutcome.ChallengerWins => new KingDecision(challenger.Key, standings, WeightVector.WinnerTakesAll(challenger.Hotkey), [], $"{verdict.Reason} {challenger.Key} takes the crown from {king}."),
            _ => Keep(king, standings, $"{verdict.Reason} The king {king} keeps the crown against {challenger.Key}."),
        };
        input.Round.Artifacts.Add(duel.Artifact(DuelIdentity.Verdict, TraceJson.Document(VerdictFile(duel, verdict, decision, DuelPhases.Of(scored)))));
        return decision;
    }

    private VerdictFile VerdictFile(DuelIdentity duel, DuelVerdict verdict, KingDecision decision, IReadOnlyDictionary<string, double> phases) => new(
        duel.DuelId, duel.King.Hotkey, duel.Challenger.Hotkey, duel.Block, duel.BlockHash, duel.Seed.ToString(),
        new GatesRecord(gates.MarginPoints, gates.BootstrapResamples, gates.BootstrapQuantile, gates.MinValidFraction, gates.RequireTwoWins),
        verdict.MetricMeans.Count, verdict.Outcome.ToString(), verdict.Reason, verdict.Challenger, verdict.King, verdict.MetricMeans,
        verdict.FinishedSamples, verdict.ValidSamples, verdict.BootstrapLower, decision.Explanation, decision.King?.ToString(), phases);

    private static Scored? Scored(KingRuleInput input, SubmissionKey key) =>
        input.Scores.Results.TryGetValue(key, out var result) ? result.AsScored : null;

    private static KingDecision Keep(SubmissionKey? king, Standings standings, string why) =>
        new(king, standings, king is { } k ? WeightVector.WinnerTakesAll(k.Hotkey) : WeightVector.Empty, [], why);

    private static Standings Put(Standings previous, Submission submission, double points, int wins, long block)
    {
        var entries = previous.Entries.Where(e => e.Key != submission.Key).ToList();
        var rounds = previous.Find(submission.Key)?.RoundsScored ?? 0;
        entries.Add(new StandingEntry(submission, points, rounds + 1, block, new Dictionary<string, double> { [Wins] = wins }));
        return new Standings(entries);
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Duel {DuelId}: {Outcome} (aggregation and gates {Milliseconds:F1} ms).")]
        public static partial void Verdict(ILogger logger, string duelId, DuelOutcome outcome, double milliseconds);
    }
}
