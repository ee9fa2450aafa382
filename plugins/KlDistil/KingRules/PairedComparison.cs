using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.KingRules;

/// <summary>King vs challenger on the prompts both scored: d_i = king_i − challenger_i, one-sided t-test of mean(d) &gt; 0.</summary>
internal sealed record PairedComparison(int Pairs, double KingMean, double ChallengerMean, double T, double PValue)
{
    public static PairedComparison Compute(IReadOnlyList<PromptScore> king, IReadOnlyList<PromptScore> challenger)
    {
        var kingById = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in king)
        {
            if (double.IsFinite(p.Value))
            {
                kingById.TryAdd(p.PromptId, p.Value);
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var k = new List<double>();
        var c = new List<double>();
        foreach (var p in challenger)
        {
            if (double.IsFinite(p.Value) && seen.Add(p.PromptId) && kingById.TryGetValue(p.PromptId, out var kv))
            {
                k.Add(kv);
                c.Add(p.Value);
            }
        }

        var n = k.Count;
        if (n < 2)
        {
            return new PairedComparison(n, n == 0 ? double.NaN : k[0], n == 0 ? double.NaN : c[0], double.NaN, 1.0);
        }

        double kingMean = k.Average(), challengerMean = c.Average();
        var meanDiff = kingMean - challengerMean;
        var ss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var dev = (k[i] - c[i]) - meanDiff;
            ss += dev * dev;
        }

        var sd = Math.Sqrt(ss / (n - 1));
        if (sd == 0)
        {
            var degenerate = meanDiff > 0 ? double.PositiveInfinity : meanDiff < 0 ? double.NegativeInfinity : 0;
            return new PairedComparison(n, kingMean, challengerMean, degenerate, meanDiff > 0 ? 0.0 : 1.0);
        }

        var t = meanDiff / (sd / Math.Sqrt(n));
        return new PairedComparison(n, kingMean, challengerMean, t, 1.0 - StudentT.Cdf(t, n - 1));
    }
}
