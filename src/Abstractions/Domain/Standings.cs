namespace Tournament.Abstractions;

/// <summary>
/// One submission's standing. The meaning of <see cref="Score"/> belongs to the king rule (for the EMA rule it is
/// the EMA of KL; lower is better); <see cref="Metrics"/> carries any further named numbers for tables and reports.
/// </summary>
/// <param name="Submission">The submission.</param>
/// <param name="Score">The rule's primary number, or null before the first observation.</param>
/// <param name="RoundsScored">How many rounds produced a score for this submission.</param>
/// <param name="LastScoredBlock">The block of the last round that scored it.</param>
/// <param name="Metrics">Further named numbers (for example the last raw score).</param>
public sealed record StandingEntry(
    Submission Submission,
    double? Score,
    int RoundsScored,
    long? LastScoredBlock,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The submission key.</summary>
    public SubmissionKey Key => Submission.Key;
}

/// <summary>The standings of a mode: one entry per submission still competing.</summary>
/// <param name="Entries">The entries, in no particular order.</param>
public sealed record Standings(IReadOnlyList<StandingEntry> Entries)
{
    /// <summary>Empty standings.</summary>
    public static Standings Empty { get; } = new(Array.Empty<StandingEntry>());

    /// <summary>Finds the entry of a submission, or null.</summary>
    /// <param name="key">The submission key.</param>
    public StandingEntry? Find(SubmissionKey key) => Entries.FirstOrDefault(e => e.Key == key);
}

/// <summary>A recorded disqualification, keyed by submission.</summary>
/// <param name="Key">The disqualified submission.</param>
/// <param name="ReasonCode">Stable reason code.</param>
/// <param name="Message">One human sentence.</param>
/// <param name="Block">The block of the round that disqualified it.</param>
/// <param name="Source">The component that decided (check, scorer, king rule or storage name).</param>
public sealed record DisqualificationRecord(SubmissionKey Key, string ReasonCode, string Message, long Block, string Source);

/// <summary>The king of a mode.</summary>
/// <param name="Key">The king's submission.</param>
/// <param name="SinceBlock">The block of the round that crowned it.</param>
/// <param name="Reason">Why it was crowned.</param>
public sealed record KingRecord(SubmissionKey Key, long SinceBlock, string Reason);

/// <summary>
/// A hash or fingerprint owned by a submission (content hash, weight fingerprint, activation fingerprint). The
/// earliest commit block owns a value; later equal or similar ones are copies.
/// </summary>
/// <param name="Owner">The submission the value was computed for.</param>
/// <param name="Kind">What the value is, e.g. <c>"content-hash"</c>.</param>
/// <param name="Value">The value, serialised by the check that produced it (hex, base64 floats, …).</param>
public sealed record FingerprintRecord(SubmissionKey Owner, string Kind, string Value);
