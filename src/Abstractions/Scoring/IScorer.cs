using OneOf;

namespace Tournament.Abstractions;

/// <summary>Whether a lower or a higher score is better.</summary>
public enum ScoreDirection
{
    /// <summary>Lower is better (for example KL divergence).</summary>
    LowerIsBetter = 0,

    /// <summary>Higher is better (for example a duel win rate).</summary>
    HigherIsBetter = 1,
}

/// <summary>One model scored in a round.</summary>
/// <param name="Submission">The submission.</param>
/// <param name="Snapshot">Its verified local files.</param>
/// <param name="IsKing">True for the current king (always scored on the same prompts as the challengers).</param>
public sealed record Candidate(Submission Submission, LocalSnapshot Snapshot, bool IsKing);

/// <summary>What a scorer is asked to do.</summary>
/// <param name="Round">The round.</param>
/// <param name="Prompts">The round's prompts.</param>
/// <param name="Candidates">The king (if any) and the challengers.</param>
public sealed record ScoringRequest(RoundContext Round, PromptSet Prompts, IReadOnlyList<Candidate> Candidates);

/// <summary>A per-prompt score, used for paired comparisons.</summary>
/// <param name="PromptId">The prompt's id.</param>
/// <param name="Value">The score on that prompt.</param>
public sealed record PromptScore(string PromptId, double Value);

/// <summary>A candidate scored successfully.</summary>
/// <param name="Value">The model's score for this round.</param>
/// <param name="PerPrompt">Per-prompt scores (only prompts that were scored).</param>
/// <param name="Metrics">Further named numbers for reports.</param>
public sealed record Scored(double Value, IReadOnlyList<PromptScore> PerPrompt, IReadOnlyDictionary<string, double> Metrics);

/// <summary>A candidate failed this round (for example NaN KL): no score, no disqualification.</summary>
/// <param name="ReasonCode">Stable reason code.</param>
/// <param name="Message">One human sentence.</param>
/// <param name="PartialPerPrompt">Prompts already scored before the failure (kept, marked partial).</param>
public sealed record ScoreFailed(string ReasonCode, string Message, IReadOnlyList<PromptScore> PartialPerPrompt);

/// <summary>A candidate's result: <see cref="Scored"/>, <see cref="ScoreFailed"/>, <see cref="Disqualified"/> or <see cref="Deferred"/>.</summary>
public sealed class CandidateScore : OneOfBase<Scored, ScoreFailed, Disqualified, Deferred>
{
    private CandidateScore(OneOf<Scored, ScoreFailed, Disqualified, Deferred> value)
        : base(value)
    {
    }

    /// <summary>Converts a <see cref="Scored"/>.</summary>
    public static implicit operator CandidateScore(Scored value) => new(value);

    /// <summary>Converts a <see cref="ScoreFailed"/>.</summary>
    public static implicit operator CandidateScore(ScoreFailed value) => new(value);

    /// <summary>Converts a <see cref="Disqualified"/>.</summary>
    public static implicit operator CandidateScore(Disqualified value) => new(value);

    /// <summary>Converts a <see cref="Deferred"/>.</summary>
    public static implicit operator CandidateScore(Deferred value) => new(value);

    /// <summary>The score when <see cref="Scored"/>, otherwise null.</summary>
    public Scored? AsScored => IsT0 ? AsT0 : null;
}

/// <summary>All results of one scoring call.</summary>
/// <param name="Direction">Whether lower or higher is better.</param>
/// <param name="Results">One result per candidate.</param>
/// <param name="Metrics">Round-level numbers for reports (timings, teacher cost).</param>
public sealed record ScoreSheet(
    ScoreDirection Direction,
    IReadOnlyDictionary<SubmissionKey, CandidateScore> Results,
    IReadOnlyDictionary<string, double> Metrics);

/// <summary>
/// Scores a round's candidates (the king included) on the round's prompts. Expensive shared work (a teacher's
/// continuations) is done once per call, whatever the number of candidates.
/// </summary>
public interface IScorer
{
    /// <summary>Scores the candidates.</summary>
    /// <param name="request">The round, prompts and candidates.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken);
}
