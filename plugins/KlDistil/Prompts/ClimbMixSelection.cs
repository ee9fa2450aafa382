using System.Globalization;

namespace Tournament.Plugins.KlDistil.Prompts;

/// <summary>The climbmix/v1 selection (docs/distil-prompts.md): pure, deterministic, integer arithmetic only.</summary>
internal static class ClimbMixSelection
{
    public const string Version = "climbmix/v1";

    public static int FirstShard(ReadOnlySpan<byte> seed, int shardCount) =>
        (int)(SeededRandom.Label(seed, Version + "/shard") % (ulong)shardCount);

    public static int[] RowOrder(ReadOnlySpan<byte> seed, int shardIndex, int rowCount) =>
        new SeededRandom(SeededRandom.Label(seed, $"{Version}/rows/{shardIndex.ToString(CultureInfo.InvariantCulture)}")).Permutation(rowCount);

    public static string PromptId(int shardIndex, int row) =>
        string.Create(CultureInfo.InvariantCulture, $"shard_{shardIndex:D5}:row_{row}");

    public static async Task<IReadOnlyList<(string Id, string Text)>> SelectAsync(
        ReadOnlyMemory<byte> seed, IShardSource shards, int count, int maxChars, double minPrintableFraction, CancellationToken cancellationToken)
    {
        var ppm = (long)Math.Round(minPrintableFraction * 1_000_000, MidpointRounding.AwayFromZero);
        var selected = new List<(string, string)>(count);
        var first = FirstShard(seed.Span, shards.ShardCount);
        for (var visited = 0; visited < shards.ShardCount && selected.Count < count; visited++)
        {
            var shard = (first + visited) % shards.ShardCount;
            var texts = await shards.ReadTextsAsync(shard, cancellationToken).ConfigureAwait(false);
            foreach (var row in RowOrder(seed.Span, shard, texts.Count))
            {
                if (PromptText.Normalize(texts[row], maxChars, ppm) is { } text)
                {
                    selected.Add((PromptId(shard, row), text));
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
