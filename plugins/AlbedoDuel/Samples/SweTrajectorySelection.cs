using System.Globalization;
using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Samples;

/// <summary>One drawn sample: where it is and the row it comes from.</summary>
internal sealed record DrawnSample(int Shard, int Row, EligibleTurn Turn, TrajectoryRow Trajectory);

/// <summary>
/// The swe-trajectories/v1 selection (docs/albedo-mode.md): draws <c>g = Below(total_rows)</c> from
/// <see cref="HashDraws"/> labelled <see cref="StreamLabel"/>, maps g to (shard, row) in manifest order, skips a row with
/// no eligible turn, else picks one eligible turn with <c>Below(count of eligible turns)</c>, and keeps it unless
/// (shard, row, turn) was already kept; stops at <c>count</c> samples or fails after <c>64 × count</c> row draws.
/// </summary>
internal static class SweTrajectorySelection
{
    public const string Version = "swe-trajectories/v1";
    public const string StreamLabel = Version + "/draws";
    public const int DrawsPerSample = 64;

    public static string SampleId(string shardName, int row, int turn) =>
        string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileNameWithoutExtension(shardName)}:row_{row}:turn_{turn}");

    public static async Task<IReadOnlyList<DrawnSample>> SelectAsync(
        RoundSeed seed, ITrajectoryShards shards, int count, int maxTurnIndex, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var manifest = shards.Manifest;
        var offsets = new long[manifest.Shards.Count + 1];
        for (var s = 0; s < manifest.Shards.Count; s++)
        {
            offsets[s + 1] = offsets[s] + manifest.Shards[s].Rows;
        }

        var draws = new HashDraws(seed, StreamLabel);
        var loaded = new Dictionary<int, IReadOnlyList<TrajectoryRow>>();
        var seen = new HashSet<(int, int, int)>();
        var samples = new List<DrawnSample>(count);
        for (var attempt = 0; attempt < DrawsPerSample * count && samples.Count < count; attempt++)
        {
            var g = (long)draws.Below((ulong)manifest.TotalRows);
            var shard = Array.BinarySearch(offsets, g);
            shard = shard >= 0 ? shard : ~shard - 1;
            while (manifest.Shards[shard].Rows == 0)
            {
                shard++;
            }

            if (!loaded.TryGetValue(shard, out var rows))
            {
                rows = await shards.ReadAsync(shard, cancellationToken).ConfigureAwait(false);
                loaded[shard] = rows;
            }

            var row = (int)(g - offsets[shard]);
            var eligible = rows[row].EligibleTurns(maxTurnIndex);
            if (eligible.Count == 0)
            {
                continue;
            }

            var turn = eligible[draws.Below(eligible.Count)];
            if (seen.Add((shard, row, turn.TurnIndex)))
            {
                samples.Add(new DrawnSample(shard, row, turn, rows[row]));
            }
        }

        if (samples.Count < count)
        {
            throw new TrajectoryCorpusException($"Only {samples.Count} distinct samples were found in {DrawsPerSample * count} draws; the corpus is too small for {count} samples per duel.");
        }

        return samples;
    }

    /// <summary>The prompt of a sample: the conversation up to and including the user message before the turn.</summary>
    public static Prompt ToPrompt(DrawnSample sample, string shardName)
    {
        var messages = sample.Trajectory.Messages;
        var context = messages.Take(sample.Turn.MessageIndex).ToList();
        return new Prompt(SampleId(shardName, sample.Row, sample.Turn.TurnIndex), context[^1].Content, context, new Dictionary<string, string>
        {
            ["shard"] = shardName,
            ["row"] = sample.Row.ToString(CultureInfo.InvariantCulture),
            ["turn"] = sample.Turn.TurnIndex.ToString(CultureInfo.InvariantCulture),
            ["instance_id"] = sample.Trajectory.InstanceId,
            ["repo"] = sample.Trajectory.Repo,
            [OriginalReplyKey] = messages[sample.Turn.MessageIndex].Content,
        });
    }

    /// <summary>Metadata key of the sample's original reply (for the offline reference judge; never shown to judges).</summary>
    public const string OriginalReplyKey = "original_reply";
}
