using System.Globalization;
using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Judging;

namespace Tournament.Plugins.AlbedoDuel.Verdict;

/// <summary>
/// Aggregation (docs/albedo-mode.md): <c>m[j][k]</c> = mean over finished samples judge j parsed; <c>S_j</c> = mean of
/// j's five; challenger = 100·mean_j S_j; king = 100 − challenger. Then the valid-fraction rule, the tie rule, the
/// margin gate and the bootstrap gate, in that order.
/// </summary>
internal static class DuelAggregation
{
    public static DuelVerdict Decide(IReadOnlyList<SampleScores> samples, int judgeCount, RoundSeed duelSeed, DuelGates gates)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(gates);
        var metrics = JudgeMetrics.Names.Count;
        var finished = samples.Where(s => s.Finished).ToList();
        var valid = finished.Where(s => s.PerJudge.Count == judgeCount && s.PerJudge.All(j => j is not null)).ToList();
        var means = new List<IReadOnlyList<double>>();
        for (var j = 0; j < judgeCount; j++)
        {
            var parsed = finished.Where(s => j < s.PerJudge.Count && s.PerJudge[j] is not null).Select(s => s.PerJudge[j]!).ToList();
            means.Add(Enumerable.Range(0, metrics).Select(k => parsed.Count == 0 ? double.NaN : Mean(parsed.Select(p => p[k]))).ToList());
        }

        var deltas = valid.Select(s => Mean(s.PerJudge.Select(j => Mean(j!))) - 0.5).ToList();
        if (finished.Count == 0 || valid.Count == 0 || (double)valid.Count / finished.Count < gates.MinValidFraction)
        {
            return new DuelVerdict(DuelOutcome.InfrastructureFailure, string.Create(CultureInfo.InvariantCulture,
                $"Only {valid.Count} of {finished.Count} finished samples were parsed by every judge (at least {gates.MinValidFraction:0.###} needed); the duel is retried."),
                double.NaN, double.NaN, means, finished.Count, valid.Count, double.NaN);
        }

        var challenger = 100.0 * Mean(means.Select(Mean));
        var king = 100.0 - challenger;
        var lower = PairedBootstrap.LowerBound(deltas, duelSeed, gates.BootstrapResamples, gates.BootstrapQuantile);
        var (outcome, reason) = (challenger - king, lower) switch
        {
            _ when challenger == king => (DuelOutcome.Tie, "An exact 50/50 tie keeps the king."),
            (var margin, _) when margin < gates.MarginPoints => (DuelOutcome.KingKeeps, string.Create(CultureInfo.InvariantCulture, $"The challenger's margin {margin:0.###} points is below {gates.MarginPoints:0.###}.")),
            (_, var l) when !(l > 0) => (DuelOutcome.KingKeeps, string.Create(CultureInfo.InvariantCulture, $"The bootstrap lower bound {l:0.#####} of the mean delta is not above 0.")),
            (var margin, var l) => (DuelOutcome.ChallengerWins, string.Create(CultureInfo.InvariantCulture, $"The challenger wins by {margin:0.###} points with a bootstrap lower bound of {l:0.#####}.")),
        };
        return new DuelVerdict(outcome, reason, challenger, king, means, finished.Count, valid.Count, lower);
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
