namespace Tournament.Abstractions;

/// <summary>When a check can run.</summary>
public enum CheckStage
{
    /// <summary>From the storage description, small files and safetensors headers only; no weight download.</summary>
    Metadata = 0,

    /// <summary>With the model's files on local disk.</summary>
    Content = 1,

    /// <summary>Needs a model run (GPU work on real deployments).</summary>
    Behavior = 2,
}

/// <summary>How often a check runs for the same submission.</summary>
public enum CheckFrequency
{
    /// <summary>Once: a pass is remembered for the submission and not re-run.</summary>
    Once = 0,

    /// <summary>Every round the submission takes part in (integrity, availability).</summary>
    EveryRound = 1,
}

/// <summary>
/// One anti-cheat check. A check returns <see cref="CheckOutcome"/>: <see cref="Passed"/>,
/// <see cref="Disqualified"/> (the miner's fault, permanent for the submission) or <see cref="Deferred"/>
/// (infrastructure: try again next round). A check must never execute code from the model's files.
/// </summary>
public interface IAntiCheatCheck
{
    /// <summary>The stage at which the check runs.</summary>
    CheckStage Stage { get; }

    /// <summary>How often the check runs for the same submission.</summary>
    CheckFrequency Frequency => CheckFrequency.Once;

    /// <summary>Runs the check.</summary>
    /// <param name="context">The submission and what is known about it at this stage.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken);
}

/// <summary>What a check can see.</summary>
/// <param name="Round">The round.</param>
/// <param name="Submission">The submission under check.</param>
/// <param name="Description">The storage description (files, sizes, hashes, revision) at the pinned revision.</param>
/// <param name="Storage">The backend serving the model: small files and safetensors headers can be read from it.</param>
/// <param name="Snapshot">The verified local files (Content and Behavior stages); null at the Metadata stage.</param>
/// <param name="Ledger">Hashes and fingerprints of earlier submissions, for copy detection.</param>
/// <param name="IsKing">True when the submission is the current king.</param>
public sealed record CheckContext(
    RoundContext Round,
    Submission Submission,
    ModelDescription Description,
    IStorageBackend Storage,
    LocalSnapshot? Snapshot,
    IFingerprintLedger Ledger,
    bool IsKing);

/// <summary>
/// Hashes and fingerprints of submissions seen so far (committed rounds plus earlier records of this round). A value
/// recorded here is persisted only when the round commits.
/// </summary>
public interface IFingerprintLedger
{
    /// <summary>All records of a kind, ordered by owner commit block (earliest first).</summary>
    /// <param name="kind">The kind, e.g. <c>"content-hash"</c>.</param>
    IReadOnlyList<FingerprintRecord> Find(string kind);

    /// <summary>Records a value for the submission under check.</summary>
    /// <param name="owner">The submission.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="value">The serialised value.</param>
    void Record(SubmissionKey owner, string kind, string value);
}
