using Tournament.Abstractions;

namespace Tournament.Engine.BuiltIn;

/// <summary>
/// Built-in king rule: this round's best score among eligible scored models wins (lowest or highest per
/// <see cref="ScoreSheet.Direction"/>); ties go to the earlier commit block, then the hotkey in ordinal order. A king
/// that was not scored this round (deferred, failed) keeps the crown unless it is gone. Weights are winner-take-all.
/// </summary>
[Component("best-score", Options = typeof(BestScoreOptions), Description = "This round's best score wins; ties to the earlier commit; winner-take-all.")]
internal sealed class BestScoreKingRule(BestScoreOptions options) : IKingRule
{
    public KingDecision Decide(KingRuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var block = input.Round.Head.Number;
        var eligible = input.Eligible.GroupBy(s => s.Key).Select(g => g.First()).ToList();
        var scored = eligible
            .Select(s => (Submission: s, Score: input.Scores.Results.TryGetValue(s.Key, out var r) ? r.AsScored : null))
            .Where(x => x.Score is { } sc && double.IsFinite(sc.Value) && sc.PerPrompt.Count >= options.MinPromptsScored)
            .Select(x => (x.Submission, Score: x.Score!))
            .ToList();

        var standings = UpdateStandings(input.Previous, scored, block);
        var king = input.CurrentKing;
        var kingScored = king is { } k && scored.Any(x => x.Submission.Key == k);

        if (king is { } current && !input.KingGone && !kingScored)
        {
            return new KingDecision(current, standings, WeightVector.WinnerTakesAll(current.Hotkey), [],
                $"The king {current} was not scored this round and keeps the crown.");
        }

        if (scored.Count == 0)
        {
            var why = king is { } gone && input.KingGone
                ? $"The king {gone} is gone and no challenger was scored this round; nobody holds the crown."
                : "No model was scored this round; nobody holds the crown.";
            return new KingDecision(null, standings, WeightVector.Empty, [], why);
        }

        var sign = input.Scores.Direction == ScoreDirection.LowerIsBetter ? 1.0 : -1.0;
        var best = scored
            .OrderBy(x => sign * x.Score.Value)
            .ThenBy(x => x.Submission.CommitBlock)
            .ThenBy(x => x.Submission.Hotkey, StringComparer.Ordinal)
            .First();
        var winner = best.Submission.Key;
        var value = best.Score.Value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);
        var explanation = winner == king
            ? $"The king {winner} keeps the crown with the best score this round ({value})."
            : king is { } previous && input.KingGone
                ? $"The king {previous} is gone; {winner} has the best fresh score ({value}) and is crowned."
                : king is { } dethroned
                    ? $"{winner} beat the king {dethroned} with the best score this round ({value}) and is crowned."
                    : $"{winner} has the best score this round ({value}) and is crowned.";
        return new KingDecision(winner, standings, WeightVector.WinnerTakesAll(winner.Hotkey), [], explanation);
    }

    private static Standings UpdateStandings(Standings previous, List<(Submission Submission, Scored Score)> scored, long block)
    {
        var entries = previous.Entries.ToDictionary(e => e.Key);
        foreach (var (submission, score) in scored)
        {
            var rounds = entries.TryGetValue(submission.Key, out var old) ? old.RoundsScored : 0;
            var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, metric) in score.Metrics)
            {
                metrics[name] = metric;
            }

            metrics["prompts"] = score.PerPrompt.Count;
            entries[submission.Key] = new StandingEntry(submission, score.Value, rounds + 1, block, metrics);
        }

        return new Standings([.. entries.Values.OrderBy(e => e.Submission.CommitBlock).ThenBy(e => e.Submission.Hotkey, StringComparer.Ordinal)]);
    }
}
