using Tournament.Abstractions;

namespace Tournament.Fixtures.Duplicate;

/// <summary>Declares a name the good fixture already uses.</summary>
[Component("fixture-scorer", Description = "A second component with the same name (test fixture).")]
public sealed class DuplicateScorer : IScorer
{
    public Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ScoreSheet(ScoreDirection.LowerIsBetter, new Dictionary<SubmissionKey, CandidateScore>(), new Dictionary<string, double>()));
}
