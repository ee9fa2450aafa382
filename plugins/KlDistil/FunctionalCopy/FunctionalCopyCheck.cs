using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Inference.Fingerprints;
using Tournament.Inference.Models;

namespace Tournament.Plugins.KlDistil.FunctionalCopy;

/// <summary>
/// Behaviour-level copy detection: the candidate's <see cref="ActivationFingerprint"/> (fixed seeded token sequences)
/// is recorded in the ledger as <c>activation-fingerprint</c>; a cosine at or above the threshold to a fingerprint of
/// an earlier submission (earlier commit block, another hotkey) disqualifies the candidate as a copy. Runs every round
/// (a later copy checked before its original is caught once the original is on record); a submission's fingerprint is
/// computed once and read back from the ledger afterwards.
/// </summary>
[Component("functional-copy", Options = typeof(FunctionalCopyOptions), Description = "Activation-fingerprint copy detection against earlier submissions.")]
internal sealed partial class FunctionalCopyCheck(FunctionalCopyOptions options, ILogger<FunctionalCopyCheck> logger) : IAntiCheatCheck
{
    public const string Kind = "activation-fingerprint";

    public CheckStage Stage => CheckStage.Behavior;

    public CheckFrequency Frequency => CheckFrequency.EveryRound;

    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.Run(() => Check(context), cancellationToken);
    }

    private CheckOutcome Check(CheckContext context)
    {
        if (context.Snapshot is null)
        {
            return CheckOutcome.Defer("The functional-copy check needs the model's files on disk; none were given.");
        }

        var me = context.Submission;
        var recorded = context.Ledger.Find(Kind).Where(r => r.Owner == me.Key).Select(r => FingerprintText.TryParse(r.Value)).FirstOrDefault(f => f is not null);
        var fingerprint = recorded;
        if (fingerprint is null)
        {
            try
            {
                using var model = DecoderModel.FromPretrained(context.Snapshot.Directory, options.Dtype.RuntimeName(), options.Device);
                fingerprint = ActivationFingerprint.Compute(model);
            }
            catch (Exception ex) when (ex is IOException or FormatException or InvalidDataException or ArgumentException or NotSupportedException or Inference.Safetensors.CheckpointException)
            {
                return CheckOutcome.Disqualify(ReasonCodes.LoadFailed, $"The model files do not load: {ex.Message}");
            }
        }

        var outcome = CheckOutcome.Pass();
        foreach (var record in context.Ledger.Find(Kind))
        {
            if (record.Owner.Hotkey == me.Hotkey || record.Owner.CommitBlock >= me.CommitBlock)
            {
                continue;
            }

            var other = FingerprintText.TryParse(record.Value);
            if (other is null || other.Length != fingerprint.Length)
            {
                LogUnreadableFingerprint(logger, record.Owner.ToString());
                continue;
            }

            var cosine = ActivationFingerprint.Cosine(fingerprint, other);
            if (cosine >= options.Threshold)
            {
                outcome = CheckOutcome.Disqualify(ReasonCodes.Copy, FormattableString.Invariant(
                    $"The model behaves like the earlier submission {record.Owner} (activation cosine {cosine:F7} ≥ {options.Threshold}); it is a copy."));
                break;
            }
        }

        if (recorded is null)
        {
            context.Ledger.Record(me.Key, Kind, FingerprintText.Format(fingerprint));
        }

        return outcome;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignoring an unreadable activation fingerprint of {Owner}.")]
    private static partial void LogUnreadableFingerprint(ILogger logger, string owner);
}
