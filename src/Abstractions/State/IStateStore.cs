namespace Tournament.Abstractions;

/// <summary>A round's headline facts.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Block">The block the round ran at.</param>
/// <param name="BlockHash">The block hash (the round's identity with <paramref name="Mode"/>).</param>
/// <param name="Seed">The round seed (hex).</param>
/// <param name="King">The king after the round.</param>
/// <param name="Explanation">The king rule's explanation.</param>
/// <param name="CompletedAt">When the round committed.</param>
public sealed record RoundSummary(
    string Mode,
    long Block,
    string BlockHash,
    string Seed,
    SubmissionKey? King,
    string Explanation,
    DateTimeOffset CompletedAt);

/// <summary>A model's result in a round, with its per-prompt scores.</summary>
/// <param name="Key">The submission.</param>
/// <param name="Status">One of <c>scored</c>, <c>failed</c>, <c>disqualified</c>, <c>deferred</c>.</param>
/// <param name="Score">The score when scored.</param>
/// <param name="Reason">The reason when not scored.</param>
/// <param name="PerPrompt">Per-prompt scores (partial when failed).</param>
public sealed record ModelScoreRecord(
    SubmissionKey Key,
    string Status,
    double? Score,
    string? Reason,
    IReadOnlyList<PromptScore> PerPrompt);

/// <summary>How long one part of a round took, measured by the engine while the round ran.</summary>
/// <param name="Kind">What was timed: <c>step</c> (a step of the round, e.g. <c>checks</c>), <c>component</c> (the calls
/// to one configured component, named <c>contract:name</c>, e.g. <c>scorer:kl-divergence</c>) or <c>task</c> (a progress
/// task a component reported, e.g. <c>teacher</c>).</param>
/// <param name="Name">The step, component or task.</param>
/// <param name="Seconds">Wall-clock seconds, summed over <paramref name="Calls"/>.</param>
/// <param name="Calls">How many times it ran in the round.</param>
public sealed record RoundTiming(string Kind, string Name, double Seconds, int Calls);

/// <summary>A check that passed once and need not run again for the submission.</summary>
/// <param name="Key">The submission.</param>
/// <param name="Check">The check's component name.</param>
public sealed record CheckPassRecord(SubmissionKey Key, string Check);

/// <summary>Everything a round changes, committed in one transaction.</summary>
/// <param name="Summary">The round's headline facts.</param>
/// <param name="Submissions">Submissions seen this round (inserted if new).</param>
/// <param name="Scores">Per-model results with per-prompt scores.</param>
/// <param name="Standings">The standings after the round (replace the mode's standings).</param>
/// <param name="King">The king after the round (history appended when it changed).</param>
/// <param name="Weights">The weights set.</param>
/// <param name="Disqualifications">New disqualifications.</param>
/// <param name="Fingerprints">New hashes and fingerprints.</param>
/// <param name="PassedChecks">Checks that passed once.</param>
public sealed record RoundRecord(
    RoundSummary Summary,
    IReadOnlyList<Submission> Submissions,
    IReadOnlyList<ModelScoreRecord> Scores,
    Standings Standings,
    KingRecord? King,
    WeightVector Weights,
    IReadOnlyList<DisqualificationRecord> Disqualifications,
    IReadOnlyList<FingerprintRecord> Fingerprints,
    IReadOnlyList<CheckPassRecord> PassedChecks)
{
    /// <summary>
    /// Challengers evaluated this round (scored or failed by the scorer, and not sent back by the king rule for a
    /// re-evaluation): with queue scheduling they leave the challenger queue for good.
    /// </summary>
    public IReadOnlyList<SubmissionKey> Evaluated { get; init; } = [];

    /// <summary>
    /// Kings crowned and dethroned within this round (sequential duels), oldest first: recorded in the king history
    /// before <see cref="King"/>, so "the last K kings" counts them.
    /// </summary>
    public IReadOnlyList<KingRecord> InterimKings { get; init; } = [];

    /// <summary>How long the round's steps, component calls and progress tasks took (up to the commit), for metrics and the round's detail view.</summary>
    public IReadOnlyList<RoundTiming> Timings { get; init; } = [];
}

/// <summary>A mode's committed state.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Standings">The standings.</param>
/// <param name="King">The current king.</param>
/// <param name="Disqualifications">Disqualifications by submission key.</param>
/// <param name="Fingerprints">All recorded hashes and fingerprints.</param>
/// <param name="PassedChecks">Checks passed once.</param>
/// <param name="LastRound">The last committed round.</param>
public sealed record StateSnapshot(
    string Mode,
    Standings Standings,
    KingRecord? King,
    IReadOnlyDictionary<SubmissionKey, DisqualificationRecord> Disqualifications,
    IReadOnlyList<FingerprintRecord> Fingerprints,
    IReadOnlySet<CheckPassRecord> PassedChecks,
    RoundSummary? LastRound)
{
    /// <summary>Challengers evaluated in committed rounds (see <see cref="RoundRecord.Evaluated"/>).</summary>
    public IReadOnlySet<SubmissionKey> Evaluated { get; init; } = new HashSet<SubmissionKey>();

    /// <summary>Every king the mode had, oldest first (a king crowned twice appears twice); the current king is last.</summary>
    public IReadOnlyList<SubmissionKey> KingHistory { get; init; } = [];
}

/// <summary>
/// Durable state. A round is the unit of durability: <see cref="CommitRoundAsync"/> applies a whole
/// <see cref="RoundRecord"/> atomically, or nothing. Committing the same round (mode and block hash) twice is a no-op.
/// </summary>
public interface IStateStore
{
    /// <summary>Creates or migrates the schema.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Loads a mode's committed state.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StateSnapshot> LoadAsync(string mode, CancellationToken cancellationToken);

    /// <summary>Finds a committed round by mode and block hash, or null.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="blockHash">The block hash.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<RoundSummary?> FindRoundAsync(string mode, string blockHash, CancellationToken cancellationToken);

    /// <summary>Lists the latest committed rounds of a mode, newest first.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<RoundSummary>> ListRoundsAsync(string mode, int limit, CancellationToken cancellationToken);

    /// <summary>Loads the per-model results of a committed round.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="blockHash">The round's block hash.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<ModelScoreRecord>> LoadScoresAsync(string mode, string blockHash, CancellationToken cancellationToken);

    /// <summary>Commits a round atomically; a second commit of the same round changes nothing.</summary>
    /// <param name="round">The round's changes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when committed now, false when the round was already committed.</returns>
    Task<bool> CommitRoundAsync(RoundRecord round, CancellationToken cancellationToken);
}
