using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>One duel of a queue round: who met whom, on which prompts, and what the king rule decided.</summary>
/// <param name="Challenger">The challenger.</param>
/// <param name="King">The king it met, or null when no king was seated.</param>
/// <param name="Winner">The king after the duel, or null.</param>
/// <param name="PromptSeed">The prompt seed of the duel (hex).</param>
/// <param name="PromptIds">The prompts of the duel.</param>
/// <param name="Explanation">The king rule's explanation.</param>
/// <param name="ReEvaluate">True when the king rule asked to evaluate the challenger again in a later round.</param>
internal sealed record DuelReport(
    string Challenger,
    string? King,
    string? Winner,
    string PromptSeed,
    IReadOnlyList<string> PromptIds,
    string Explanation,
    bool ReEvaluate);

/// <summary>What the scoring half of a round decided, whichever schedule produced it.</summary>
/// <param name="Decision">The final decision (king, rule weights, explanation of the whole round).</param>
/// <param name="Standings">The standings after the round, without disqualified submissions.</param>
/// <param name="Prompts">The prompts of the (last) scoring call; empty when nothing was scored.</param>
/// <param name="PromptSeed">Their seed.</param>
/// <param name="Sheet">The (last) score sheet.</param>
/// <param name="KingGone">True when the king at the start of the round lost the crown because its model is gone.</param>
/// <param name="Evaluated">Challengers that leave the queue (queue scheduling only).</param>
/// <param name="InterimKings">Kings crowned and dethroned within this round, oldest first.</param>
/// <param name="Duels">The duels, in order; null with <c>all</c> scheduling.</param>
internal sealed record RoundScoring(
    KingDecision Decision,
    Standings Standings,
    PromptSet Prompts,
    RoundSeed PromptSeed,
    ScoreSheet Sheet,
    bool KingGone,
    IReadOnlyList<SubmissionKey> Evaluated,
    IReadOnlyList<KingRecord> InterimKings,
    IReadOnlyList<DuelReport>? Duels)
{
    /// <summary>The empty prompt set of a round that scored nothing.</summary>
    public static PromptSet NoPrompts { get; } = new("none", "none", []);

    /// <summary>The empty score sheet of a round that scored nothing.</summary>
    public static ScoreSheet NoScores { get; } = new(ScoreDirection.LowerIsBetter, new Dictionary<SubmissionKey, CandidateScore>(), new Dictionary<string, double>());
}
