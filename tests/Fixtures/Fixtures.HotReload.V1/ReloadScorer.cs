using Tournament.Abstractions;

namespace Tournament.Fixtures.HotReload;

/// <summary>Reports its build generation (1 in V1, 2 in V2) in the score sheet's metrics.</summary>
[Component("reload-scorer", Description = "Reports its build generation (hot reload fixture).")]
public sealed class ReloadScorer : IScorer
{
#if V2
    public const double Generation = 2;
#else
    public const double Generation = 1;
#endif

    public Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ScoreSheet(
            ScoreDirection.LowerIsBetter,
            new Dictionary<SubmissionKey, CandidateScore>(),
            new Dictionary<string, double> { ["generation"] = Generation }));
}

#if V2
/// <summary>Only in V2: shows up as an added component after the reload.</summary>
[Component("reload-check")]
public sealed class ReloadCheck : IAntiCheatCheck
{
    public CheckStage Stage => CheckStage.Metadata;

    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken) =>
        Task.FromResult(CheckOutcome.Pass());
}
#endif
