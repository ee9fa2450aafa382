namespace Tournament.Abstractions;

/// <summary>A check or operation succeeded.</summary>
/// <param name="Note">Optional detail shown in reports (for example a measured value).</param>
public sealed record Passed(string? Note = null);

/// <summary>
/// The miner's submission is rejected for good. Disqualifications are keyed by <c>hotkey:commitBlock</c>
/// (<see cref="SubmissionKey"/>): they never leak to another hotkey or to a later commitment.
/// </summary>
/// <param name="ReasonCode">A stable, machine-readable code such as <c>"removed"</c> or <c>"param-limit"</c>.</param>
/// <param name="Message">One human sentence saying what was wrong.</param>
public sealed record Disqualified(string ReasonCode, string Message);

/// <summary>
/// An infrastructure problem (network, timeout, throttling, an unavailable judge): not the miner's fault. The
/// submission is left for the next round without any penalty.
/// </summary>
/// <param name="Reason">One sentence describing the problem.</param>
public sealed record Deferred(string Reason);

/// <summary>Common reason codes used by the shipped components.</summary>
public static class ReasonCodes
{
    /// <summary>The model is gone, private, gated, or its pinned revision moved.</summary>
    public const string Removed = "removed";

    /// <summary>The commitment string could not be parsed into a model reference.</summary>
    public const string BadCommitment = "bad-commitment";

    /// <summary>The model is a copy of an earlier submission.</summary>
    public const string Copy = "copy";

    /// <summary>No configured storage backend can resolve the model reference.</summary>
    public const string UnsupportedStorage = "unsupported-storage";

    /// <summary>The model's files do not load (config or tensor layout the loader refuses, unreadable weights).</summary>
    public const string LoadFailed = "load-failed";

    /// <summary>A component threw on the submission in too many consecutive rounds (<c>Tournament:ComponentErrorRounds</c>).</summary>
    public const string ComponentError = "component-error";

    /// <summary>The scorer returned no result for a candidate it was given (a failed round for it, no penalty).</summary>
    public const string NoResult = "no-result";

    /// <summary>The scorer returned a NaN or infinite score (a failed round for the candidate, no penalty).</summary>
    public const string NonFiniteScore = "non-finite-score";
}
