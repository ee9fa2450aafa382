using Tournament.Abstractions;

namespace Tournament.Engine.Tests.Rounds.Fakes;

/// <summary>A check whose outcome per repository is set by the test; counts calls per submission.</summary>
internal sealed class FakeCheck(CheckStage stage, CheckFrequency frequency = CheckFrequency.Once) : IAntiCheatCheck
{
    public CheckStage Stage => stage;

    public CheckFrequency Frequency => frequency;

    public Dictionary<string, CheckOutcome> ByRepo { get; } = [];

    public Dictionary<SubmissionKey, int> Calls { get; } = [];

    public Func<CheckContext, CheckOutcome>? Rule { get; set; }

    /// <summary>Repositories the check throws on (a component bug, as a duplicated merge line once caused).</summary>
    public Dictionary<string, Exception> Throws { get; } = [];

    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        Calls[context.Submission.Key] = Calls.GetValueOrDefault(context.Submission.Key) + 1;
        if (Throws.TryGetValue(context.Submission.Model.Repo, out var bug))
        {
            throw bug;
        }

        if (Rule is not null)
        {
            return Task.FromResult(Rule(context));
        }

        return Task.FromResult(ByRepo.TryGetValue(context.Submission.Model.Repo, out var outcome) ? outcome : CheckOutcome.Pass());
    }
}

/// <summary>A scorer that scores a repository with a fixed value per prompt, or returns a set outcome; records each request.</summary>
internal sealed class FakeScorer : IScorer
{
    public Dictionary<string, double> Values { get; } = [];

    public Dictionary<string, CandidateScore> Outcomes { get; } = [];

    public ScoreDirection Direction { get; set; } = ScoreDirection.LowerIsBetter;

    public List<ScoringRequest> Requests { get; } = [];

    public Exception? Throw { get; set; }

    /// <summary>Repositories whose presence in a request makes the scorer throw.</summary>
    public Dictionary<string, Exception> ThrowsOn { get; } = [];

    public Action? DuringScoring { get; set; }

    public Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        DuringScoring?.Invoke();
        if (Throw is { } failure)
        {
            throw failure;
        }

        if (request.Candidates.Select(c => c.Submission.Model.Repo).FirstOrDefault(ThrowsOn.ContainsKey) is { } poisoned)
        {
            throw ThrowsOn[poisoned];
        }

        request.Round.Artifacts.Add(new Artifact($"scorer/{request.Round.Head.Number}.txt", "text/plain", "scored"u8.ToArray()));
        var results = new Dictionary<SubmissionKey, CandidateScore>();
        foreach (var candidate in request.Candidates)
        {
            var repo = candidate.Submission.Model.Repo;
            results[candidate.Submission.Key] = Outcomes.TryGetValue(repo, out var set)
                ? set
                : new Scored(Values.GetValueOrDefault(repo, 1.0), [.. request.Prompts.Prompts.Select(p => new PromptScore(p.Id, Values.GetValueOrDefault(repo, 1.0)))], new Dictionary<string, double>());
        }

        return Task.FromResult(new ScoreSheet(Direction, results, new Dictionary<string, double> { ["candidates"] = request.Candidates.Count }));
    }
}

/// <summary>A prompt source whose prompt ids depend on the seed it is given; records every seed.</summary>
internal sealed class FakePromptSource : IPromptSource
{
    public List<RoundSeed> Seeds { get; } = [];

    public Task<PromptSet> SelectAsync(RoundSeed seed, IProgressReporter progress, CancellationToken cancellationToken)
    {
        Seeds.Add(seed);
        var prefix = seed.ToString()[..8];
        return Task.FromResult(new PromptSet("fake-prompts", "v1", [.. Enumerable.Range(0, 3).Select(i => Prompt.FromText($"{prefix}-{i}", $"prompt {i}"))]));
    }
}
