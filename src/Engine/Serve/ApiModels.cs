using Tournament.Abstractions;

namespace Tournament.Engine.Serve;

/// <summary>A mode known to the state (or the configured one).</summary>
/// <param name="Name">The mode.</param>
/// <param name="Active">True for the mode the configuration runs.</param>
/// <param name="Rounds">Committed rounds.</param>
/// <param name="LastBlock">The latest round's block, when any.</param>
internal sealed record ModeView(string Name, bool Active, long Rounds, long? LastBlock);

/// <summary>The modes.</summary>
/// <param name="Active">The configured mode.</param>
/// <param name="Modes">Every mode with committed rounds, and the active one.</param>
internal sealed record ModesView(string Active, IReadOnlyList<ModeView> Modes);

/// <summary>A page of items.</summary>
/// <typeparam name="T">The item.</typeparam>
/// <param name="Total">All items.</param>
/// <param name="Offset">Items skipped.</param>
/// <param name="Limit">The page size asked for.</param>
/// <param name="Items">This page.</param>
internal sealed record PageView<T>(long Total, int Offset, int Limit, IReadOnlyList<T> Items);

/// <summary>A standing entry.</summary>
/// <param name="Position">0 is best.</param>
/// <param name="Hotkey">The hotkey.</param>
/// <param name="CommitBlock">The commitment's block.</param>
/// <param name="Uid">The UID when last seen.</param>
/// <param name="Model">owner/name@revision.</param>
/// <param name="Score">The standing score (the king rule's, e.g. an average).</param>
/// <param name="RoundsScored">Rounds scored.</param>
/// <param name="LastScoredBlock">The block of the last scored round.</param>
/// <param name="Metrics">The scorer's named numbers.</param>
/// <param name="IsKing">True for the current king.</param>
internal sealed record StandingView(
    int Position, string Hotkey, long CommitBlock, int Uid, string Model, double? Score, int RoundsScored, long? LastScoredBlock,
    IReadOnlyDictionary<string, double> Metrics, bool IsKing);

/// <summary>A change of king.</summary>
/// <param name="King">The new king; null when the mode was left without one.</param>
/// <param name="SinceBlock">The block of the round that made the change.</param>
/// <param name="Reason">Why.</param>
/// <param name="BlockHash">That round's block hash.</param>
internal sealed record KingChangeView(SubmissionKey? King, long SinceBlock, string Reason, string BlockHash);

/// <summary>The king, the weights it earned in the last round, and the latest changes of king.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="King">The king, or null.</param>
/// <param name="LastRound">The last committed round.</param>
/// <param name="Weights">The weights the last round set, by hotkey.</param>
/// <param name="History">The latest changes of king, newest first (at most 50).</param>
internal sealed record KingView(string Mode, KingRecord? King, RoundSummary? LastRound, IReadOnlyDictionary<string, double> Weights, IReadOnlyList<KingChangeView> History);

/// <summary>A candidate's outcome in a round.</summary>
/// <param name="Hotkey">The hotkey.</param>
/// <param name="CommitBlock">The commitment's block.</param>
/// <param name="Status">scored, failed, disqualified or deferred.</param>
/// <param name="Score">The score when scored.</param>
/// <param name="Reason">The reason when not scored.</param>
/// <param name="PromptsScored">How many per-prompt values were recorded.</param>
/// <param name="PromptMean">Their mean (NaN values excluded), when any.</param>
/// <param name="Prompts">The per-prompt values, only with <c>?prompts=true</c>.</param>
internal sealed record OutcomeView(string Hotkey, long CommitBlock, string Status, double? Score, string? Reason, int PromptsScored, double? PromptMean, IReadOnlyList<PromptScore>? Prompts);

/// <summary>A published artifact of a round.</summary>
/// <param name="Name">The file name.</param>
/// <param name="Key">The artifact key in the artifact backend.</param>
/// <param name="Url">Where this server serves it (local artifact backend only); null otherwise.</param>
internal sealed record ArtifactView(string Name, string Key, string? Url);

/// <summary>One round with every outcome, score and reason.</summary>
/// <param name="Round">The round.</param>
/// <param name="Outcomes">Every candidate, in commit order.</param>
/// <param name="Weights">The weights the round set.</param>
/// <param name="Disqualifications">Disqualifications the round recorded.</param>
/// <param name="PassedChecks">Checks first passed in the round.</param>
/// <param name="Artifacts">The round's published artifacts.</param>
/// <param name="PromptsTruncated">True when per-prompt values were cut at the response bound.</param>
/// <param name="Timings">How long the round's steps, component calls, progress tasks and scorer-reported phases took,
/// up to its commit (empty for rounds committed before state schema v4).</param>
internal sealed record RoundDetailView(
    RoundSummary Round, IReadOnlyList<OutcomeView> Outcomes, IReadOnlyDictionary<string, double> Weights,
    IReadOnlyList<DisqualificationRecord> Disqualifications, IReadOnlyList<CheckPassRecord> PassedChecks, IReadOnlyList<ArtifactView> Artifacts, bool PromptsTruncated,
    IReadOnlyList<RoundTiming> Timings);

/// <summary>A submission's round result.</summary>
/// <param name="Block">The round's block.</param>
/// <param name="BlockHash">The round's block hash.</param>
/// <param name="Status">The status.</param>
/// <param name="Score">The score when scored.</param>
/// <param name="Reason">The reason when not scored.</param>
/// <param name="StandingScore">Its standing score after the round: the king rule's running score (the EMA under
/// <c>ema-winner-take-all</c>); null when it had no standing then or the round predates state schema v4.</param>
internal sealed record SubmissionRoundView(long Block, string BlockHash, string Status, double? Score, string? Reason, double? StandingScore);

/// <summary>One submission: what it is, where it stands, what it passed, whether it is disqualified, and its rounds.</summary>
/// <param name="Submission">The submission.</param>
/// <param name="Model">owner/name@revision.</param>
/// <param name="Standing">Its standing now, when it has one.</param>
/// <param name="PassedChecks">Checks it passed once.</param>
/// <param name="Disqualification">Its disqualification, when disqualified.</param>
/// <param name="Rounds">Its latest rounds, newest first.</param>
internal sealed record SubmissionView(
    SubmissionKey Submission, string Model, StandingView? Standing, IReadOnlyList<string> PassedChecks, DisqualificationRecord? Disqualification,
    IReadOnlyList<SubmissionRoundView> Rounds);

/// <summary>A chart series: one submission's scores by round block.</summary>
/// <param name="Hotkey">The hotkey.</param>
/// <param name="CommitBlock">The commitment's block.</param>
/// <param name="Scores">The score at each block of <see cref="ChartView.Blocks"/>, null where it was not scored.</param>
internal sealed record ChartSeries(string Hotkey, long CommitBlock, IReadOnlyList<double?> Scores);

/// <summary>The scores of the leading submissions over the latest rounds.</summary>
/// <param name="Blocks">The rounds' blocks, oldest first.</param>
/// <param name="Series">One series per leading submission.</param>
internal sealed record ChartView(IReadOnlyList<long> Blocks, IReadOnlyList<ChartSeries> Series);

/// <summary>Readiness: state and chain reachable.</summary>
/// <param name="Ready">True when both are.</param>
/// <param name="State">The state's status.</param>
/// <param name="Chain">The chain's status.</param>
internal sealed record ReadyView(bool Ready, ProbeView State, ProbeView Chain);

/// <summary>One readiness probe.</summary>
/// <param name="Ok">True when reachable.</param>
/// <param name="Detail">What was seen (latest round, head block) or what failed.</param>
internal sealed record ProbeView(bool Ok, string Detail);
