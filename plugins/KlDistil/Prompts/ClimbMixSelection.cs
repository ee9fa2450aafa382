using System.Globalization;
using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Prompts;

/// <summary>A selected row: where it comes from, and its normalised text.</summary>
/// <param name="Shard">The shard index.</param>
/// <param name="Row">The row index in the shard.</param>
/// <param name="Text">The prompt text.</param>
internal sealed record ClimbMixRow(int Shard, int Row, string Text)
{
    /// <summary>The prompt id, <c>shard_00042:row_1234</c>.</summary>
    public string Id => ClimbMixSelection.PromptId(Shard, Row);
}

/// <summary>The climbmix/v1 selection (docs/distil-prompts.md): pure, deterministic, integer arithmetic only.</summary>
internal static class ClimbMixSelection
{
    public const string Version = "climbmix/v1";

    public static int FirstShard(ReadOnlySpan<byte> seed, int shardCount) =>
        (int)(ClimbMixSeeds.Label(seed, Version + "/shard") % (ulong)shardCount);

    public static int[] RowOrder(ReadOnlySpan<byte> seed, int shardIndex, int rowCount) =>
        new SplitMix64(ClimbMixSeeds.Label(seed, $"{Version}/rows/{shardIndex.ToString(CultureInfo.InvariantCulture)}")).Permutation(rowCount);

    public static string PromptId(int shardIndex, int row) =>
        string.Create(CultureInfo.InvariantCulture, $"shard_{shardIndex:D5}:row_{row}");

    public static async Task<IReadOnlyList<ClimbMixRow>> SelectAsync(
        ReadOnlyMemory<byte> seed, IShardSource shards, int count, int maxChars, double minPrintableFraction, CancellationToken cancellationToken)
    {
        var ppm = (long)Math.Round(minPrintableFraction * 1_000_000, MidpointRounding.AwayFromZero);
        var selected = new List<ClimbMixRow>(count);
        var first = FirstShard(seed.Span, shards.ShardCount);
        for (var visited = 0; visited < shards.ShardCount && selected.Count < count; visited++)
        {
            var shard = (first + visited) % shards.ShardCount;
            var texts = await shards.ReadTextsAsync(shard, cancellationToken).ConfigureAwait(false);
            foreach (var row in RowOrder(seed.Span, shard, texts.Count))
            {
                if (PromptText.Normalize(texts[row], maxChars, ppm) is { } text)
                {
                    selected.Add(new ClimbMixRow(shard, row, text));
                    if (selected.Count == count)
                    {
                        break;
                    }
                }
            }
        }

        return selected;
    }
}
