using System.Globalization;
using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.KingRules;

/// <summary>EMA of KL per submission; the lowest eligible EMA takes 100% of the weight.</summary>
[Component("ema-winner-take-all", Options = typeof(EmaWinnerTakeAllOptions), Description = "Lowest EMA of KL wins all the weight; EMA above MaxEma disqualifies.")]
internal sealed class EmaWinnerTakeAll(EmaWinnerTakeAllOptions options) : IKingRule
{
    public KingDecision Decide(KingRuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var fresh = ScoreSheetReader.Fresh(input.Scores);
        var eligible = input.Eligible.ToDictionary(s => s.Key);
        var disqualified = new List<RuleDisqualification>();
        var excluded = new HashSet<SubmissionKey>();
        var entries = new Dictionary<SubmissionKey, StandingEntry>();
        foreach (var entry in input.Previous.Entries)
        {
            entries[entry.Key] = entry;
        }

        foreach (var submission in input.Eligible)
        {
            if (!fresh.TryGetValue(submission.Key, out var scored))
            {
                continue;
            }

            var kl = scored.Value;
            if (kl <= options.TeacherCopyKl)
            {
                disqualified.Add(ScoreSheetReader.TeacherCopy(submission.Key, kl, options.TeacherCopyKl));
                excluded.Add(submission.Key);
                continue;
            }

            var previous = entries.GetValueOrDefault(submission.Key);
            var ema = previous?.Score is { } old && double.IsFinite(old) ? (options.Alpha * kl) + ((1 - options.Alpha) * old) : kl;
            entries[submission.Key] = new StandingEntry(submission, ema, (previous?.RoundsScored ?? 0) + 1, input.Round.Head.Number, new Dictionary<string, double>
            {
                ["kl"] = kl,
                ["ema"] = ema,
                ["prompts"] = scored.PerPrompt.Count,
            });
            if (ema > options.MaxEma)
            {
                disqualified.Add(new RuleDisqualification(submission.Key, new Disqualified("ema-too-high", string.Create(CultureInfo.InvariantCulture, $"EMA KL {ema:G6} is above the limit {options.MaxEma:G6}."))));
                excluded.Add(submission.Key);
            }
        }

        // The crown goes to the lowest EMA among eligible submissions; when the king is gone, only fresh challengers count.
        var contenders = entries.Values
            .Where(e => e.Score is { } s && double.IsFinite(s) && eligible.ContainsKey(e.Key) && !excluded.Contains(e.Key))
            .Where(e => !input.KingGone || (e.Key != input.CurrentKing && fresh.ContainsKey(e.Key)))
            .ToList();
        contenders.Sort((a, b) => ScoreSheetReader.Compare(a.Score!.Value, a.Submission, b.Score!.Value, b.Submission));
        var king = contenders.Count > 0 ? contenders[0].Key : (SubmissionKey?)null;
        var standings = new Standings(entries.Values.Where(e => !excluded.Contains(e.Key)).OrderBy(e => e.Score ?? double.MaxValue).ThenBy(e => e.Submission.CommitBlock).ThenBy(e => e.Key.Hotkey, StringComparer.Ordinal).ToList());
        return new KingDecision(king, standings, ScoreSheetReader.Weights(king), disqualified, Explain(input, king, contenders));
    }

    private static string Explain(KingRuleInput input, SubmissionKey? king, List<StandingEntry> contenders)
    {
        if (king is not { } k)
        {
            return "No eligible submission has an EMA within the limit; no king and no weights this round.";
        }

        var ema = contenders[0].Score!.Value.ToString("G6", CultureInfo.InvariantCulture);
        if (input.KingGone && input.CurrentKing is { } gone)
        {
            return $"King {gone} is gone; the best fresh challenger {k} (EMA {ema}) takes the crown.";
        }

        return k == input.CurrentKing ? $"King {k} keeps the crown with the lowest EMA {ema}." : $"{k} has the lowest EMA {ema} and takes the crown.";
    }
}
