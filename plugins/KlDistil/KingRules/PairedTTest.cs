using System.Globalization;
using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.KingRules;

/// <summary>No EMA: a challenger dethrones the king only with a significant, large-enough paired improvement.</summary>
[Component("paired-t-test", Options = typeof(PairedTTestOptions), Description = "Dethrone only on a one-sided paired t-test (p < PValue, ≥ MinPairedPrompts pairs) and a MinImprovement margin.")]
internal sealed class PairedTTest(PairedTTestOptions options) : IKingRule
{
    public KingDecision Decide(KingRuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fresh = ScoreSheetReader.Fresh(input.Scores);
        var disqualified = new List<RuleDisqualification>();
        var scored = new List<(Submission Submission, Scored Score)>();
        foreach (var submission in input.Eligible)
        {
            if (!fresh.TryGetValue(submission.Key, out var score))
            {
                continue;
            }

            if (score.Value <= options.TeacherCopyKl)
            {
                disqualified.Add(ScoreSheetReader.TeacherCopy(submission.Key, score.Value, options.TeacherCopyKl));
                continue;
            }

            scored.Add((submission, score));
        }

        scored.Sort((a, b) => ScoreSheetReader.Compare(a.Score.Value, a.Submission, b.Score.Value, b.Submission));
        var (king, explanation) = Choose(input, scored, disqualified);
        var entries = new Dictionary<SubmissionKey, StandingEntry>();
        foreach (var entry in input.Previous.Entries)
        {
            entries[entry.Key] = entry;
        }

        foreach (var (submission, score) in scored)
        {
            var previous = entries.GetValueOrDefault(submission.Key);
            entries[submission.Key] = new StandingEntry(submission, score.Value, (previous?.RoundsScored ?? 0) + 1, input.Round.Head.Number, new Dictionary<string, double>
            {
                ["kl"] = score.Value,
                ["prompts"] = score.PerPrompt.Count,
            });
        }

        foreach (var dq in disqualified)
        {
            entries.Remove(dq.Key);
        }

        var standings = new Standings(entries.Values.OrderBy(e => e.Score ?? double.MaxValue).ThenBy(e => e.Submission.CommitBlock).ThenBy(e => e.Key.Hotkey, StringComparer.Ordinal).ToList());
        return new KingDecision(king, standings, ScoreSheetReader.Weights(king), disqualified, explanation);
    }

    private (SubmissionKey? King, string Explanation) Choose(KingRuleInput input, List<(Submission Submission, Scored Score)> scored, List<RuleDisqualification> disqualified)
    {
        var current = input.CurrentKing;
        var kingDisqualified = current is { } ck && disqualified.Any(d => d.Key == ck);
        var kingEligible = current is { } c && !input.KingGone && !kingDisqualified && input.Eligible.Any(s => s.Key == c);
        if (!kingEligible)
        {
            var challengers = scored.Where(s => s.Submission.Key != current).ToList();
            if (challengers.Count == 0)
            {
                return (null, "No king and no scored challenger; no weights this round.");
            }

            var best = challengers[0];
            return (best.Submission.Key, string.Create(CultureInfo.InvariantCulture, $"{(current is null ? "No king yet" : $"King {current} is gone")}; {best.Submission.Key} has the lowest mean KL {best.Score.Value:G6} and takes the crown."));
        }

        var kingScore = scored.FirstOrDefault(s => s.Submission.Key == current);
        if (kingScore.Score is null)
        {
            return (current, $"King {current} has no score this round; it keeps the crown (no paired comparison possible).");
        }

        foreach (var (submission, score) in scored)
        {
            if (submission.Key == current)
            {
                continue;
            }

            var cmp = PairedComparison.Compute(kingScore.Score.PerPrompt, score.PerPrompt);
            if (cmp.Pairs >= options.MinPairedPrompts && cmp.PValue < options.PValue && cmp.ChallengerMean < cmp.KingMean * (1 - options.MinImprovement))
            {
                return (submission.Key, string.Create(CultureInfo.InvariantCulture,
                    $"{submission.Key} dethrones {current}: mean KL {cmp.ChallengerMean:G6} vs {cmp.KingMean:G6} on {cmp.Pairs} paired prompts, t = {cmp.T:G4}, p = {cmp.PValue:G3}."));
            }
        }

        return (current, $"King {current} keeps the crown: no challenger beat it significantly by the required margin on enough paired prompts.");
    }
}
