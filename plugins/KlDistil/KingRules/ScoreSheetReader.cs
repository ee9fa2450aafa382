using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.KingRules;

/// <summary>Helpers shared by the Distil king rules.</summary>
internal static class ScoreSheetReader
{
    public const string TeacherCopyReason = "teacher-copy";

    /// <summary>The finite KL scores of this round, by submission.</summary>
    public static Dictionary<SubmissionKey, Scored> Fresh(ScoreSheet scores)
    {
        if (scores.Direction != ScoreDirection.LowerIsBetter)
        {
            throw new InvalidOperationException("The Distil king rules need a LowerIsBetter score sheet (KL divergence); check the mode's Scorer.");
        }

        var fresh = new Dictionary<SubmissionKey, Scored>();
        foreach (var (key, score) in scores.Results)
        {
            if (score.AsScored is { } scored && double.IsFinite(scored.Value) && scored.Value >= 0)
            {
                fresh[key] = scored;
            }
        }

        return fresh;
    }

    /// <summary>Deterministic order: lower value, then earlier commit block, then hotkey (ordinal).</summary>
    public static int Compare(double a, Submission sa, double b, Submission sb)
    {
        var byValue = a.CompareTo(b);
        if (byValue != 0)
        {
            return byValue;
        }

        var byBlock = sa.CommitBlock.CompareTo(sb.CommitBlock);
        return byBlock != 0 ? byBlock : string.CompareOrdinal(sa.Hotkey, sb.Hotkey);
    }

    public static WeightVector Weights(SubmissionKey? king) => king is { } k ? WeightVector.WinnerTakesAll(k.Hotkey) : WeightVector.Empty;

    public static RuleDisqualification TeacherCopy(SubmissionKey key, double kl, double threshold) =>
        new(key, new Disqualified(TeacherCopyReason, $"KL {kl:G6} is at or below {threshold:G3}: the model reproduces the teacher's distribution and is treated as a teacher copy."));
}
