using System.Globalization;
using Tournament.Abstractions;
using Tournament.Samples.Example.Bigram;

namespace Tournament.Samples.Example.Scoring;

/// <summary>
/// Scores each model by its cross-entropy on the round's prompts (nats per character, lower is better): per prompt,
/// the mean −log P(next | previous) over the normalised text's transitions; the model's score is the mean over the
/// prompts that have at least one transition.
/// </summary>
[Component("example-bigram-ce", Options = typeof(BigramScorerOptions), Description = "Example: character-bigram cross-entropy on the prompts (lower is better).")]
public sealed class BigramScorer(BigramScorerOptions options) : IScorer
{
    /// <inheritdoc />
    public async Task<ScoreSheet> ScoreAsync(ScoringRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var results = new Dictionary<SubmissionKey, CandidateScore>();
        using var task = request.Round.Progress.Start("example-bigram-ce: scoring", request.Candidates.Count, "models");
        foreach (var candidate in request.Candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            results[candidate.Submission.Key] = await ScoreOneAsync(candidate, request.Prompts, cancellationToken).ConfigureAwait(false);
            task.Advance();
        }

        return new ScoreSheet(ScoreDirection.LowerIsBetter, results, new Dictionary<string, double> { ["prompts"] = request.Prompts.Prompts.Count });
    }

    private async Task<CandidateScore> ScoreOneAsync(Candidate candidate, PromptSet prompts, CancellationToken cancellationToken)
    {
        var path = candidate.Snapshot.PathOf(BigramModel.FileName);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return new Disqualified("missing-file", $"The model has no {BigramModel.FileName}.");
            }

            if (info.Length > options.MaxBytes)
            {
                return new Disqualified("bigram-invalid", $"{BigramModel.FileName} is {info.Length} bytes; at most {options.MaxBytes} are allowed.");
            }

            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            return new Deferred($"Reading {BigramModel.FileName} failed: {ex.Message}");
        }

        if (!BigramModel.TryParse(bytes, options.MaxBytes, options.Tolerance, out var model, out var error))
        {
            return new Disqualified("bigram-invalid", error!);
        }

        var perPrompt = new List<PromptScore>();
        foreach (var prompt in prompts.Prompts)
        {
            if (model!.CrossEntropy(prompt.Text) is { } value)
            {
                perPrompt.Add(new PromptScore(prompt.Id, value));
            }
        }

        if (perPrompt.Count == 0)
        {
            return new ScoreFailed("no-prompts", "No prompt of this round has two or more characters to score.", []);
        }

        var mean = perPrompt.Average(p => p.Value);
        return new Scored(mean, perPrompt, new Dictionary<string, double>
        {
            ["bitsPerChar"] = mean / Math.Log(2),
            ["perplexity"] = Math.Exp(mean),
        });
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"example-bigram-ce (max {options.MaxBytes} bytes)");
}
