using Tournament.Abstractions;
using Tournament.Inference.Hashing;
using Tournament.Inference.Safetensors;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>
/// Hash over tensors (name, dtype, shape, SHA-256 of bytes), independent of file names and sharding; the earliest
/// commit owns it. Runs every round so that a later copy that happened to be checked before its original (the original
/// was deferred, say) is disqualified as soon as the original's hash is on record; a submission's hash is computed
/// once and read back from the ledger afterwards (its revision is pinned, and <c>integrity</c> catches moved files).
/// </summary>
[Component("content-hash-dedup", Description = "Identical tensor content to an earlier commitment is a copy (hash independent of file names and sharding).")]
internal sealed class ContentHashDedupCheck : IAntiCheatCheck
{
    public const string Name = "content-hash-dedup";
    public const string Kind = "content-hash";

    public CheckStage Stage => CheckStage.Content;

    public CheckFrequency Frequency => CheckFrequency.EveryRound;

    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Snapshot is not { } snapshot)
        {
            return Task.FromResult(CheckOutcome.Defer("content-hash-dedup needs the downloaded files, but no snapshot was provided."));
        }

        var me = context.Submission.Key;
        var recorded = context.Ledger.Find(Kind).FirstOrDefault(r => r.Owner == me)?.Value;
        string hash;
        try
        {
            hash = recorded ?? ContentHash.Compute(snapshot.Directory, cancellationToken);
        }
        catch (Exception ex) when (ex is CheckpointException or SafetensorsFormatException or InvalidDataException)
        {
            return Task.FromResult(CheckOutcome.Disqualify(Name, $"The weights cannot be hashed: {ex.Message}"));
        }

        var owner = context.Ledger.Find(Kind)
            .Where(r => string.Equals(r.Value, hash, StringComparison.Ordinal) && r.Owner.Hotkey != me.Hotkey)
            .OrderBy(r => r.Owner.CommitBlock)
            .ThenBy(r => r.Owner.Hotkey, StringComparer.Ordinal)
            .FirstOrDefault();
        if (owner is not null && owner.Owner.IsEarlierThan(me))
        {
            return Task.FromResult(CheckOutcome.Disqualify(ReasonCodes.Copy, $"The weights are identical ({hash}) to {owner.Owner}, committed earlier; submit your own model."));
        }

        if (recorded is null)
        {
            context.Ledger.Record(me, Kind, hash);
        }

        return Task.FromResult(CheckOutcome.Pass(hash));
    }
}
