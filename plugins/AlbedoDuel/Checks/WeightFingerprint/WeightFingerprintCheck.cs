using System.Globalization;
using Tournament.Abstractions;
using Tournament.Inference.Hashing;
using Tournament.Inference.Safetensors;
using Fingerprint = Tournament.Inference.Hashing.WeightFingerprint;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>
/// Copy detection on the downloaded weights with the runtime's fingerprints (Tournament.Inference.Hashing): the exact
/// weights hash (sorted per-file SHA-256, so renamed shards hash the same) and the weight fingerprint (per tensor: L2
/// norm plus 16 values at name-hashed indices; a copy when ≥ <see cref="WeightFingerprintOptions.CopyThreshold"/> of
/// the shared tensors match). The earlier submission owns both (<see cref="SubmissionKey.IsEarlierThan"/>); the same
/// hotkey is never its own duplicate. Runs every round so that a copy checked before its original was recorded is
/// caught once the original is; a submission's values are computed once and read back from the ledger afterwards.
/// </summary>
[Component(Name, Options = typeof(WeightFingerprintOptions), Description = "Exact weights hash and per-tensor weight fingerprint against earlier submissions; the earlier owns it, a hotkey never duplicates itself.")]
internal sealed class WeightFingerprintCheck(WeightFingerprintOptions options) : IAntiCheatCheck
{
    public const string Name = "weight-fingerprint";
    public const string HashKind = "albedo-weights-hash";
    public const string FingerprintKind = "albedo-weight-fingerprint";

    public CheckStage Stage => CheckStage.Content;

    public CheckFrequency Frequency => CheckFrequency.EveryRound;

    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Snapshot is not { } snapshot)
        {
            return Task.FromResult(CheckOutcome.Defer($"{Name} needs the downloaded files, but no snapshot was provided."));
        }

        return Task.Run(() => Check(context, snapshot.Directory, cancellationToken), cancellationToken);
    }

    private CheckOutcome Check(CheckContext context, string folder, CancellationToken cancellationToken)
    {
        var me = context.Submission.Key;
        var recordedHash = Own(context, HashKind);
        var recordedPrint = Own(context, FingerprintKind);
        string hash;
        Fingerprint print;
        try
        {
            hash = recordedHash ?? ExactWeightsHash.Compute(folder, cancellationToken);
            print = recordedPrint is null ? Fingerprint.Compute(folder, cancellationToken) : Fingerprint.Parse(recordedPrint);
        }
        catch (Exception ex) when (ex is CheckpointException or SafetensorsFormatException or InvalidDataException or FormatException)
        {
            return CheckOutcome.Disqualify(Name, $"The weights cannot be fingerprinted: {ex.Message}");
        }
        catch (IOException ex)
        {
            return CheckOutcome.Defer($"The downloaded weights could not be read: {ex.Message}");
        }

        var exact = Earlier(context, HashKind).FirstOrDefault(r => string.Equals(r.Value, hash, StringComparison.Ordinal));
        if (exact is not null)
        {
            return CheckOutcome.Disqualify(ReasonCodes.Copy, $"The weights are byte-identical ({hash}) to {exact.Owner}, committed earlier; submit your own model.");
        }

        foreach (var record in Earlier(context, FingerprintKind))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!TryParse(record.Value, out var other))
            {
                continue; // a damaged record must not disqualify anyone
            }

            var similarity = print.Similarity(other);
            if (similarity >= options.CopyThreshold)
            {
                return CheckOutcome.Disqualify(ReasonCodes.Copy, string.Create(CultureInfo.InvariantCulture, $"{similarity * 100:0.0}% of the tensors match the weight fingerprint of {record.Owner}, committed earlier (threshold {options.CopyThreshold * 100:0.#}%); submit your own model."));
            }
        }

        if (recordedHash is null)
        {
            context.Ledger.Record(me, HashKind, hash);
        }

        if (recordedPrint is null)
        {
            context.Ledger.Record(me, FingerprintKind, print.ToString());
        }

        return CheckOutcome.Pass(hash);
    }

    private static string? Own(CheckContext context, string kind) =>
        context.Ledger.Find(kind).FirstOrDefault(r => r.Owner == context.Submission.Key)?.Value;

    /// <summary>Records of other hotkeys committed earlier, earliest first.</summary>
    private static IEnumerable<FingerprintRecord> Earlier(CheckContext context, string kind)
    {
        var me = context.Submission.Key;
        return context.Ledger.Find(kind)
            .Where(r => r.Owner.Hotkey != me.Hotkey && r.Owner.IsEarlierThan(me))
            .OrderBy(r => r.Owner.CommitBlock)
            .ThenBy(r => r.Owner.Hotkey, StringComparer.Ordinal);
    }

    private static bool TryParse(string text, out Fingerprint fingerprint)
    {
        try
        {
            fingerprint = Fingerprint.Parse(text);
            return true;
        }
        catch (FormatException)
        {
            fingerprint = null!;
            return false;
        }
    }
}
