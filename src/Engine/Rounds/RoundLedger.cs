using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>
/// The fingerprint ledger of one round: the state's committed records plus the records made during this round.
/// New records are persisted only when the round commits (<see cref="NewRecords"/>). Safe for concurrent use by checks.
/// </summary>
internal sealed class RoundLedger : IFingerprintLedger
{
    private readonly Lock _gate = new();
    private readonly List<FingerprintRecord> _all;
    private readonly HashSet<FingerprintRecord> _seen;
    private readonly List<FingerprintRecord> _new = [];

    /// <summary>
    /// Disqualifications that say the host could not handle the files, not what the files are: such a submission's
    /// fingerprints never make a later submission with the same weights a copy (issue 16: a load-failed model's hash).
    /// </summary>
    public static readonly IReadOnlySet<string> ForgottenReasons = new HashSet<string>([ReasonCodes.LoadFailed, ReasonCodes.ComponentError], StringComparer.Ordinal);

    public RoundLedger(IEnumerable<FingerprintRecord> committed)
    {
        ArgumentNullException.ThrowIfNull(committed);
        _all = [.. committed];
        _seen = [.. _all];
    }

    /// <summary>The records made during this round, in the order they were made (duplicates dropped).</summary>
    public IReadOnlyList<FingerprintRecord> NewRecords
    {
        get
        {
            lock (_gate)
            {
                return [.. _new];
            }
        }
    }

    /// <summary>The ledger a round (or <c>check-model</c>) starts from: the state's records that <see cref="Kept"/> keeps.</summary>
    public static RoundLedger Of(StateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return new RoundLedger(Kept(snapshot.Fingerprints, k => snapshot.Disqualifications.GetValueOrDefault(k)?.ReasonCode));
    }

    /// <summary>The committed records, less those of submissions disqualified for a reason in <see cref="ForgottenReasons"/>.</summary>
    public static IEnumerable<FingerprintRecord> Kept(IEnumerable<FingerprintRecord> records, Func<SubmissionKey, string?> disqualifiedFor)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(disqualifiedFor);
        return records.Where(r => disqualifiedFor(r.Owner) is not { } code || !ForgottenReasons.Contains(code));
    }

    /// <inheritdoc />
    public IReadOnlyList<FingerprintRecord> Find(string kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (_gate)
        {
            // Earliest owner first; among owners of one block the hotkey decides, then the order of recording (stable sort).
            return _all
                .Where(r => string.Equals(r.Kind, kind, StringComparison.Ordinal))
                .OrderBy(r => r.Owner.CommitBlock)
                .ThenBy(r => r.Owner.Hotkey, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <inheritdoc />
    public void Record(SubmissionKey owner, string kind, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner.Hotkey);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(value);
        var record = new FingerprintRecord(owner, kind, value);
        lock (_gate)
        {
            if (_seen.Add(record))
            {
                _all.Add(record);
                _new.Add(record);
            }
        }
    }
}
