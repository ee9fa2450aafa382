namespace Tournament.Abstractions;

/// <summary>What a king rule decides from.</summary>
/// <param name="Round">The round.</param>
/// <param name="Previous">The standings before this round.</param>
/// <param name="CurrentKing">The king before this round, or null.</param>
/// <param name="KingGone">True when the king's model is gone (deleted, private, revision moved): it must lose the crown.</param>
/// <param name="Eligible">Submissions that passed every check this round (the king included unless gone).</param>
/// <param name="Scores">This round's scores.</param>
public sealed record KingRuleInput(
    RoundContext Round,
    Standings Previous,
    SubmissionKey? CurrentKing,
    bool KingGone,
    IReadOnlyList<Submission> Eligible,
    ScoreSheet Scores);

/// <summary>A submission disqualified by the king rule (for example an EMA over the limit).</summary>
/// <param name="Key">The submission.</param>
/// <param name="Reason">Why.</param>
public sealed record RuleDisqualification(SubmissionKey Key, Disqualified Reason);

/// <summary>A king rule's decision.</summary>
/// <param name="King">The king after this round, or null when nobody qualifies.</param>
/// <param name="Standings">The updated standings.</param>
/// <param name="Weights">The weights to set.</param>
/// <param name="Disqualifications">Submissions the rule disqualified.</param>
/// <param name="Explanation">One sentence explaining the decision, for reports.</param>
public sealed record KingDecision(
    SubmissionKey? King,
    Standings Standings,
    WeightVector Weights,
    IReadOnlyList<RuleDisqualification> Disqualifications,
    string Explanation)
{
    /// <summary>
    /// Challengers this rule wants evaluated again before they count as evaluated (for example "must win twice"): with
    /// queue scheduling they stay at their place in the queue and meet the king again in a later round. Ignored with
    /// <c>all</c> scheduling, where every eligible submission is scored every round anyway.
    /// </summary>
    public IReadOnlyList<SubmissionKey> ReEvaluate { get; init; } = [];
}

/// <summary>
/// Turns standings plus this round's scores into the new king, standings and weights. Must be a deterministic
/// function of its input: validators given the same input must reach the same decision.
/// </summary>
public interface IKingRule
{
    /// <summary>Decides.</summary>
    /// <param name="input">Standings, king and scores.</param>
    KingDecision Decide(KingRuleInput input);
}
