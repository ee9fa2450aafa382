using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Samples;

namespace Tournament.Plugins.AlbedoDuel.Verdict;

/// <summary>
/// albedo/bootstrap/v1, the paired bootstrap lower confidence bound: for b = 0..B−1, draw n indices with
/// <c>Below(n)</c> from <see cref="HashDraws"/> labelled <see cref="Label"/> off the duel seed (one stream, in order),
/// sum the drawn deltas left to right in float64 and divide by n; sort the B means ascending and return the one at
/// index ⌊q·B⌋.
/// </summary>
internal static class PairedBootstrap
{
    public const string Label = "albedo/bootstrap/v1";

    public static double LowerBound(IReadOnlyList<double> deltas, RoundSeed duelSeed, int resamples, double quantile)
    {
        ArgumentNullException.ThrowIfNull(deltas);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (deltas.Count == 0)
        {
            return double.NaN;
        }

        var draws = new HashDraws(duelSeed, Label);
        var n = deltas.Count;
        var means = new double[resamples];
        for (var b = 0; b < resamples; b++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += deltas[draws.Below(n)];
            }

            means[b] = sum / n;
        }

        Array.Sort(means);
        return means[Math.Min(resamples - 1, (int)Math.Floor(quantile * resamples))];
    }
}
