using Tournament.Abstractions;

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
        return await ReadAsync((c, t) => StateReader.ReadWeightsAsync(c, t, mode, blockHash, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every change of king of a mode, oldest first.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<KingChange>> LoadKingHistoryAsync(string mode, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mode);
        return await ReadAsync((c, t) => StateReader.ReadKingHistoryAsync(c, t, mode, cancellationToken), cancellationToken).ConfigureAwait(false);
    }
}
