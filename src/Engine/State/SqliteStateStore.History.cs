using Tournament.Abstractions;
using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.State;

/// <summary>A change of king: who (null when the mode was left without one), since which block, and why.</summary>
/// <param name="King">The new king, or null.</param>
/// <param name="SinceBlock">The block of the round that made the change.</param>
/// <param name="Reason">Why.</param>
/// <param name="RoundBlockHash">The block hash of that round.</param>
internal sealed record KingChange(SubmissionKey? King, long SinceBlock, string Reason, string RoundBlockHash);

/// <content>Reads beyond <see cref="IStateStore"/>: weights and king history, for reports and the CLI.</content>
internal sealed partial class SqliteStateStore
{
    /// <summary>The weights a committed round set, or an empty vector when the round is unknown.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="blockHash">The round's block hash.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<WeightVector> LoadWeightsAsync(string mode, string blockHash, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        ArgumentException.ThrowIfNullOrWhiteSpace(blockHash);
        var rows = await ReadAsync(
            (c, t) => Sql.QueryAsync(
                c, t,
                "SELECT w.hotkey, w.weight FROM weights w JOIN rounds r ON r.id = w.round_id WHERE r.mode = $mode AND r.block_hash_key = $key ORDER BY w.rowid;",
                r => (r.GetString(0), r.GetDouble(1)),
                cancellationToken, ("$mode", mode), ("$key", StateCodec.BlockHashKey(blockHash))),
            cancellationToken).ConfigureAwait(false);
        return new WeightVector(rows.ToDictionary(r => r.Item1, r => r.Item2));
    }

    /// <summary>Every change of king of a mode, oldest first.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<KingChange>> LoadKingHistoryAsync(string mode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        return await ReadAsync(
            (c, t) => Sql.QueryAsync(
                c, t,
                """
                SELECT k.hotkey, k.commit_block, k.since_block, k.reason, r.block_hash
                FROM king_history k JOIN rounds r ON r.id = k.round_id WHERE k.mode = $mode ORDER BY k.id;
                """,
                r => new KingChange(r.IsDBNull(0) ? null : new SubmissionKey(r.GetString(0), r.GetInt64(1)), r.GetInt64(2), r.GetString(3), r.GetString(4)),
                cancellationToken, ("$mode", mode)),
            cancellationToken).ConfigureAwait(false);
    }
}
