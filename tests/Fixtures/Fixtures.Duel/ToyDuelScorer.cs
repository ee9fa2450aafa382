using System.Globalization;
using Tournament.Abstractions;

namespace Tournament.Fixtures.Duel;

/// <summary>
/// A toy duel scorer: a model's strength is the number after the last '-' of its repository name, divided by 100
/// ("o/strong-70" scores 0.70 on every prompt); higher is better. Records every request.
/// </summary>
[Component("toy-duel", Description = "Scores a model by the number ending its repository name (test fixture).")]
public sealed class ToyDuelScorer : IScorer
{
    public List<ScoringRequest> Requests { get; } = [];

    public static double StrengthOf(ModelRef model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tail = model.Repo[(model.Repo.LastIndexOf('-') + 1)..];
        return int.Parse(tail, NumberStyles.None, CultureInfo.InvariantCulture) / 100.0;
    }

    public Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        Requests.Add(request);
        var results = new Dictionary<SubmissionKey, CandidateScore>();
        foreach (var candidate in request.Candidates)
        {
            var strength = StrengthOf(candidate.Submission.Model);
            results[candidate.Submission.Key] = new Scored(strength, [.. request.Prompts.Prompts.Select(p => new PromptScore(p.Id, strength))], new Dictionary<string, double>());
        }

        return Task.FromResult(new ScoreSheet(ScoreDirection.HigherIsBetter, results, new Dictionary<string, double> { ["entrants"] = request.Candidates.Count }));
    }
}
