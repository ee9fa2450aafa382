using System.Globalization;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Judging;

namespace Tournament.Plugins.AlbedoDuel.Verdict;

/// <summary>
/// What a duel's judging established, before any gate: per judge and metric the mean over the finished samples that
/// judge parsed, the challenger's points (100·mean over judges of their five-metric means), and the sample score
/// (mean over judges of the mean of five) of every sample parsed by every judge, in sample order.
/// </summary>
/// <param name="MetricMeans">Per judge, per metric.</param>
/// <param name="Challenger">The challenger's points (NaN when no judge parsed anything).</param>
/// <param name="Finished">Samples where both sides replied.</param>
/// <param name="ValidScores">The sample scores of the fully parsed samples.</param>
/// <param name="ValidIds">Their sample ids (empty when rebuilt from a score sheet).</param>
internal sealed record DuelEvidence(IReadOnlyList<IReadOnlyList<double>> MetricMeans, double Challenger, int Finished, IReadOnlyList<double> ValidScores, IReadOnlyList<string> ValidIds)
{
    public double King => 100.0 - Challenger;

    public int Valid => ValidScores.Count;
}

/// <summary>
/// Aggregation (docs/albedo-mode.md): <see cref="Evidence"/> from the judged samples, then <see cref="Judge"/> applies
/// the valid-fraction rule, the tie rule, the margin gate and the bootstrap gate, in that order. The scorer reports the
/// evidence; the <c>duel-margin</c> rule and <c>duel verify</c> judge it with the same code.
/// </summary>
internal static class DuelAggregation
{
    public static DuelVerdict Decide(IReadOnlyList<SampleScores> samples, int judgeCount, RoundSeed duelSeed, DuelGates gates) =>
        Judge(Evidence(samples, judgeCount), duelSeed, gates);

    public static DuelEvidence Evidence(IReadOnlyList<SampleScores> samples, int judgeCount)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var metrics = JudgeMetrics.Names.Count;
        var finished = samples.Where(s => s.Finished).ToList();
        var valid = finished.Where(s => s.PerJudge.Count == judgeCount && s.PerJudge.All(j => j is not null)).ToList();
        var means = new List<IReadOnlyList<double>>();
        for (var j = 0; j < judgeCount; j++)
        {
            var parsed = finished.Where(s => j < s.PerJudge.Count && s.PerJudge[j] is not null).Select(s => s.PerJudge[j]!).ToList();
            means.Add(Enumerable.Range(0, metrics).Select(k => parsed.Count == 0 ? double.NaN : Mean(parsed.Select(p => p[k]))).ToList());
        }

        var challenger = judgeCount == 0 ? double.NaN : 100.0 * Mean(means.Select(Mean));
        return new DuelEvidence(means, challenger, finished.Count, valid.Select(s => Mean(s.PerJudge.Select(j => Mean(j!)))).ToList(), valid.Select(s => s.SampleId).ToList());
    }

    public static DuelVerdict Judge(DuelEvidence evidence, RoundSeed duelSeed, DuelGates gates)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        ArgumentNullException.ThrowIfNull(gates);
        var (finished, valid) = (evidence.Finished, evidence.Valid);
        if (finished == 0 || valid == 0 || (double)valid / finished < gates.MinValidFraction)
        {
            return new DuelVerdict(DuelOutcome.InfrastructureFailure, string.Create(CultureInfo.InvariantCulture,
                $"Only {valid} of {finished} finished samples were parsed by every judge (at least {gates.MinValidFraction:0.###} needed); the duel is retried."),
                double.NaN, double.NaN, evidence.MetricMeans, finished, valid, double.NaN);
        }

        var challenger = evidence.Challenger;
        var king = evidence.King;
        var lower = PairedBootstrap.LowerBound(evidence.ValidScores.Select(s => s - 0.5).ToList(), duelSeed, gates.BootstrapResamples, gates.BootstrapQuantile);
        var (outcome, reason) = (challenger - king, lower) switch
        {
            _ when challenger == king => (DuelOutcome.Tie, "An exact 50/50 tie keeps the king."),
            (var margin, _) when margin < gates.MarginPoints => (DuelOutcome.KingKeeps, string.Create(CultureInfo.InvariantCulture, $"The challenger's margin {margin:0.###} points is below {gates.MarginPoints:0.###}.")),
            (_, var l) when !(l > 0) => (DuelOutcome.KingKeeps, string.Create(CultureInfo.InvariantCulture, $"The bootstrap lower bound {l:0.#####} of the mean delta is not above 0.")),
            (var margin, var l) => (DuelOutcome.ChallengerWins, string.Create(CultureInfo.InvariantCulture, $"The challenger wins by {margin:0.###} points with a bootstrap lower bound of {l:0.#####}.")),
        };
        return new DuelVerdict(outcome, reason, challenger, king, evidence.MetricMeans, finished, valid, lower);
    }

    private static double Mean(IEnumerable<double> values)
    {
        var sum = 0.0;
        var count = 0;
        foreach (var v in values)
        {
            sum += v;
            count++;
        }

        return sum / count;
    }
}
