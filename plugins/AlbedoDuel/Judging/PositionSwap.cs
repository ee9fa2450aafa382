using Tournament.Abstractions;
using Tournament.Plugins.AlbedoDuel.Samples;

namespace Tournament.Plugins.AlbedoDuel.Judging;

/// <summary>
/// albedo/position-swap/v1: a Fisher–Yates permutation of the sample indices 0..n−1 drawn from
/// <see cref="HashDraws"/> labelled <see cref="Label"/> (for i = n−1 down to 1, swap i with Below(i + 1)); the samples
/// at the first ⌊n/2⌋ positions of the permutation show the challenger as MODEL 1, the others as MODEL 2.
/// </summary>
internal static class PositionSwap
{
    public const string Label = "albedo/position-swap/v1";

    public static bool[] ChallengerFirst(RoundSeed duelSeed, int sampleCount)
    {
        var order = new int[sampleCount];
        for (var i = 0; i < sampleCount; i++)
        {
            order[i] = i;
        }

        var draws = new HashDraws(duelSeed, Label);
        for (var i = sampleCount - 1; i > 0; i--)
        {
            var j = draws.Below(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var first = new bool[sampleCount];
        for (var i = 0; i < sampleCount / 2; i++)
        {
            first[order[i]] = true;
        }

        return first;
    }

    /// <summary>A positional value (0 equal, 1 MODEL 1, 2 MODEL 2) as the challenger's score: win 1, draw 0.5, loss 0.</summary>
    public static double ChallengerScore(int positional, bool challengerFirst) => positional switch
    {
        0 => 0.5,
        1 => challengerFirst ? 1.0 : 0.0,
        2 => challengerFirst ? 0.0 : 1.0,
        _ => throw new ArgumentOutOfRangeException(nameof(positional)),
    };
}
