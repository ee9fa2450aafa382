using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Fixtures.Good;

/// <summary>Options with every kind of validation the engine must report.</summary>
public sealed class FixtureScorerOptions : IValidatableObject
{
    [Range(1, 4096)]
    public int TopK { get; set; } = 16;

    [Required]
    public string? Corpus { get; set; }

    public double MinScore { get; set; }

    public double MaxScore { get; set; } = 1;

    public FixtureLimits Limits { get; set; } = new();

    /// <summary>Makes the scorer's constructor throw, as a component whose start-up fails.</summary>
    public bool FailOnStart { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MinScore > MaxScore)
        {
            yield return new ValidationResult($"MinScore ({MinScore}) must not exceed MaxScore ({MaxScore}).", [nameof(MinScore)]);
        }
    }
}

public sealed class FixtureLimits
{
    [Range(1, 64)]
    public int MaxCandidates { get; set; } = 8;
}

/// <summary>Scores every candidate 1.0 and reports its options and injected services in the metrics.</summary>
[Component("fixture-scorer", Options = typeof(FixtureScorerOptions), Description = "Scores every candidate 1.0 (test fixture).")]
public sealed class FixtureScorer(FixtureScorerOptions options, FixtureHelper helper, HostEnvironment environment, ILogger<FixtureScorer> logger, TimeProvider time) : IScorer
{
    private readonly int _started = options.FailOnStart ? throw new InvalidOperationException("The fixture scorer was told to fail on start.") : 1;

    public Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (logger.IsEnabled(LogLevel.Debug))
        {
            logger.LogDebug("Scoring {Count} candidates at {Time} in {Folder}", request.Candidates.Count, time.GetUtcNow(), environment.ConfigDirectory);
        }

        var results = request.Candidates.ToDictionary(c => c.Submission.Key, _ => (CandidateScore)new Scored(1.0, [], new Dictionary<string, double>()));
        var metrics = new Dictionary<string, double> { ["topK"] = options.TopK, ["helper"] = helper.Answer, ["started"] = _started };
        return Task.FromResult(new ScoreSheet(ScoreDirection.LowerIsBetter, results, metrics));
    }
}
