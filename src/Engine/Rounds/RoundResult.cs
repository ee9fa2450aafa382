using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>The status of a candidate in a round (the same words the state stores).</summary>
internal static class CandidateStatus
{
    /// <summary>Scored this round.</summary>
    public const string Scored = "scored";

    /// <summary>Went through the checks but the scorer failed it this round (no penalty).</summary>
    public const string Failed = "failed";

    /// <summary>Disqualified for good (this submission, keyed hotkey:commitBlock).</summary>
    public const string Disqualified = "disqualified";

    /// <summary>Sat out this round for an infrastructure reason (no penalty).</summary>
    public const string Deferred = "deferred";
}

/// <summary>One candidate's outcome in a round.</summary>
/// <param name="Hotkey">The hotkey.</param>
/// <param name="CommitBlock">The block of the counting commitment.</param>
/// <param name="Uid">The UID now, when known.</param>
/// <param name="Model">The model reference, when the commitment parsed.</param>
/// <param name="Status">One of <see cref="CandidateStatus"/>.</param>
/// <param name="Score">The score when scored.</param>
/// <param name="Reason">The reason (code and sentence) when not scored.</param>
/// <param name="Source">The component that decided a disqualification or deferral.</param>
/// <param name="IsKing">True for the king at the start of the round.</param>
/// <param name="Metrics">The scorer's named numbers for this candidate (for example timings); null when not scored or
/// when the round is read back from the state.</param>
internal sealed record CandidateOutcome(
    string Hotkey,
    long CommitBlock,
    int? Uid,
    string? Model,
    string Status,
    double? Score,
    string? Reason,
    string? Source,
    bool IsKing,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, double>? Metrics = null)
{
    /// <summary>The submission key.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public SubmissionKey Key => new(Hotkey, CommitBlock);
}

/// <summary>What one round did.</summary>
/// <param name="Summary">The round's headline facts (king after the round, explanation).</param>
/// <param name="Outcomes">One row per candidate, in commit order.</param>
/// <param name="Standings">The standings after the round.</param>
/// <param name="Weights">The weights set; null for an already committed round (the state contract does not return them).</param>
/// <param name="KingGone">True when the previous king lost the crown because its model is gone or disqualified.</param>
/// <param name="AlreadyCommitted">True when this round (mode and block hash) was committed before; nothing was changed.</param>
/// <param name="Published">Where the round's artifacts were published.</param>
/// <param name="ScorerMetrics">The scorer's round-level numbers (for example teacher time); null for a round read back
/// from the state.</param>
internal sealed record RoundResult(
    RoundSummary Summary,
    IReadOnlyList<CandidateOutcome> Outcomes,
    Standings Standings,
    WeightVector? Weights,
    bool KingGone,
    bool AlreadyCommitted,
    IReadOnlyList<ArtifactLocation> Published,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    IReadOnlyDictionary<string, double>? ScorerMetrics = null);
