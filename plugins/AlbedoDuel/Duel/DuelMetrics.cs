using System.Globalization;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Generation;
using Tournament.Plugins.AlbedoDuel.Judging;
using Tournament.Plugins.AlbedoDuel.Traces;
using Tournament.Plugins.AlbedoDuel.Verdict;

namespace Tournament.Plugins.AlbedoDuel.Duel;

/// <summary>
/// How the duel scorer hands its evidence to the king rule through the score sheet: the challenger's
/// <see cref="Scored.Value"/> is its points, its per-prompt scores are the fully parsed samples' scores in sample order,
/// and these metrics carry the rest (finished samples, judge count, per-judge metric means as <c>m&lt;j&gt;.&lt;metric&gt;</c>,
/// the phase timings of <see cref="DuelPhases"/>).
/// </summary>
internal static class DuelMetrics
{
    public const string NoKing = "no_king";
    public const string Finished = "finished";
    public const string Valid = "valid";
    public const string Judges = "judges";

    public static Dictionary<string, double> Of(DuelEvidence evidence, int samples, SideReplies king, SideReplies challenger, int judgeCalls, IReadOnlyDictionary<string, double> phaseSeconds)
    {
        var metrics = new Dictionary<string, double>
        {
            ["king_points"] = evidence.King,
            [Finished] = evidence.Finished,
            [Valid] = evidence.Valid,
            ["samples"] = samples,
            ["skipped"] = Enumerable.Range(0, samples).Count(i => king.Replies[i].Status == GenerationStatus.Skipped || challenger.Replies[i].Status == GenerationStatus.Skipped),
            ["king_generation_failures"] = king.Replies.Count(r => r.Status == GenerationStatus.Failed),
            ["challenger_generation_failures"] = challenger.Replies.Count(r => r.Status == GenerationStatus.Failed),
            [Judges] = evidence.MetricMeans.Count,
            ["judge_calls"] = judgeCalls,
        };
        foreach (var (phase, seconds) in phaseSeconds)
        {
            metrics[phase] = seconds;
        }

        for (var j = 0; j < evidence.MetricMeans.Count; j++)
        {
            for (var k = 0; k < JudgeMetrics.Names.Count; k++)
            {
                metrics[MeanKey(j, k)] = evidence.MetricMeans[j][k];
            }
        }

        return metrics;
    }

    /// <summary>The evidence as the scorer reported it for a challenger.</summary>
    public static DuelEvidence Read(Scored challenger)
    {
        ArgumentNullException.ThrowIfNull(challenger);
        var judges = (int)challenger.Metrics.GetValueOrDefault(Judges);
        var means = Enumerable.Range(0, judges)
            .Select(j => (IReadOnlyList<double>)[.. Enumerable.Range(0, JudgeMetrics.Names.Count).Select(k => challenger.Metrics.GetValueOrDefault(MeanKey(j, k), double.NaN))])
            .ToList();
        return new DuelEvidence(means, challenger.Value, (int)challenger.Metrics.GetValueOrDefault(Finished), [.. challenger.PerPrompt.Select(p => p.Value)], [.. challenger.PerPrompt.Select(p => p.PromptId)]);
    }

    private static string MeanKey(int judge, int metric) => string.Create(CultureInfo.InvariantCulture, $"m{judge}.{JudgeMetrics.Names[metric]}");
}
