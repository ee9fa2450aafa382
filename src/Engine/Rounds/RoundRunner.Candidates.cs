using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;

namespace Tournament.Engine.Rounds;

/// <summary>The candidate half of a round: checks in commit order, then one scoring call for the king and the challengers.</summary>
internal sealed partial class RoundRunner
{
    private async Task<IReadOnlyList<Candidate>> RunChecksAsync(
        IReadOnlyList<Submission> submissions,
        StateSnapshot snapshot,
        SubmissionKey? king,
        CandidatePipeline pipeline,
        RoundBook book,
        ComponentErrorCounter faults,
        IProgressReporter progress,
        CancellationToken cancellationToken)
    {
        var candidates = new List<Candidate>();
        using var task = progress.Start("checks", submissions.Count, "models");
        foreach (var submission in submissions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var isKing = submission.Key == king;
            if (snapshot.Disqualifications.TryGetValue(submission.Key, out var earlier))
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    logger.LogDebug("Skipped {Submission}: disqualified at block {Block} ([{Code}] {Message}).", submission.Key, earlier.Block, earlier.ReasonCode, earlier.Message);
                }

                task.Advance();
                continue;
            }

            PipelineOutcome outcome;
            try
            {
                outcome = await pipeline.RunAsync(submission, isKing, cancellationToken).ConfigureAwait(false);
            }
            catch (ComponentFaultException fault)
            {
                await ContainAsync(submission, isKing, fault, book, faults, cancellationToken).ConfigureAwait(false);
                task.Advance();
                continue;
            }

            if (outcome.Snapshot is { } files)
            {
                candidates.Add(new Candidate(submission, files, isKing));
            }
            else if (outcome.Disqualified is { } dq)
            {
                book.Disqualify(submission.Key, submission.Uid, submission.Model, isKing, dq, outcome.Source!);
            }
            else
            {
                book.Defer(submission, isKing, outcome.Deferred!, outcome.Source!);
            }

            task.Advance();
        }

        return candidates;
    }

    /// <summary>
    /// Scores the candidates in one call. When the scorer throws, each candidate is scored alone to find the one(s) it
    /// throws on: those are contained, the rest scored together again. A scorer that throws on every one of the
    /// candidates, or on the only one, cannot be told apart from a broken scorer (or one out of memory): the round fails
    /// and is retried, as before. A scorer exception is pinned on a submission only when another candidate scores without it.
    /// </summary>
    private async Task<(ScoreSheet Sheet, IReadOnlyList<Candidate> Scored)> ScoreContainedAsync(
        ModeComposition composition, RoundContext round, PromptSet prompts, IReadOnlyList<Candidate> candidates, RoundBook book, ComponentErrorCounter faults, CancellationToken cancellationToken)
    {
        try
        {
            return (await ScoreAsync(composition, round, prompts, candidates, cancellationToken).ConfigureAwait(false), candidates);
        }
        catch (ComponentFaultException batch)
        {
            if (logger.IsEnabled(LogLevel.Warning))
            {
                logger.LogWarning("{Sentence} Scoring the {Count} candidate(s) one by one to find the submission it fails on.", batch.Sentence, candidates.Count);
            }

            var healthy = new List<Candidate>();
            var faulted = new List<(Candidate Candidate, ComponentFaultException Fault)>();
            foreach (var candidate in candidates)
            {
                try
                {
                    await ScoreAsync(composition, round, prompts, [candidate], cancellationToken).ConfigureAwait(false);
                    healthy.Add(candidate);
                }
                catch (ComponentFaultException alone)
                {
                    faulted.Add((candidate, alone));
                }
            }

            if (healthy.Count == 0)
            {
                // Nothing is committed and the round is retried, as for any round that fails.
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(batch.InnerException!).Throw();
            }

            foreach (var (candidate, fault) in faulted)
            {
                await ContainAsync(candidate.Submission, candidate.IsKing, fault, book, faults, cancellationToken).ConfigureAwait(false);
            }

            return (await ScoreAsync(composition, round, prompts, healthy, cancellationToken).ConfigureAwait(false), healthy);
        }
    }

    private async Task ContainAsync(Submission submission, bool isKing, ComponentFaultException fault, RoundBook book, ComponentErrorCounter faults, CancellationToken cancellationToken)
    {
        var verdict = await faults.JudgeAsync(submission.Key, fault, cancellationToken).ConfigureAwait(false);
        if (verdict.Disqualified is { } dq)
        {
            logger.LogWarning("{Submission} disqualified: [{Code}] {Message}", submission.Key, dq.ReasonCode, dq.Message);
            book.Disqualify(submission.Key, submission.Uid, submission.Model, isKing, dq, fault.Component);
        }
        else
        {
            logger.LogWarning("{Submission} deferred: {Reason}", submission.Key, verdict.Deferred!.Reason);
            book.Defer(submission, isKing, verdict.Deferred, fault.Component);
        }
    }

    private async Task<ScoreSheet> ScoreAsync(ModeComposition composition, RoundContext round, PromptSet prompts, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            logger.LogInformation("No candidate passed the checks this round; nothing to score.");
            return new ScoreSheet(ScoreDirection.LowerIsBetter, new Dictionary<SubmissionKey, CandidateScore>(), new Dictionary<string, double>());
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Scoring {Count} model(s) with {Scorer}.", candidates.Count, composition.Scorer.Name);
        }

        var request = new ScoringRequest(round, prompts, candidates);
        return await ComponentFaultException.GuardAsync(composition.Scorer.Name, () => composition.Scorer.Component.ScoreAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The scorer '{composition.Scorer.Name}' returned no score sheet.");
    }

    private List<Submission> ApplyScores(string scorer, ScoreSheet sheet, IReadOnlyList<Candidate> candidates, RoundBook book, ref bool kingGone, SubmissionKey? king)
    {
        var eligible = new List<Submission>();
        foreach (var extra in sheet.Results.Keys.Where(k => candidates.All(c => c.Submission.Key != k)))
        {
            logger.LogWarning("The scorer {Scorer} returned a result for {Submission}, which was not a candidate; ignored.", scorer, extra);
        }

        foreach (var candidate in candidates)
        {
            var submission = candidate.Submission;
            if (!sheet.Results.TryGetValue(submission.Key, out var result))
            {
                book.Fail(submission, candidate.IsKing, new ScoreFailed("no-result", $"The scorer '{scorer}' returned no result for this model.", []), scorer);
                eligible.Add(submission);
                continue;
            }

            result.Switch(
                scored =>
                {
                    if (double.IsFinite(scored.Value))
                    {
                        book.Score(submission, candidate.IsKing, scored);
                    }
                    else
                    {
                        book.Fail(submission, candidate.IsKing, new ScoreFailed("non-finite-score", $"The scorer '{scorer}' gave the score {scored.Value}; it counts as a failed round for this model.", scored.PerPrompt), scorer);
                    }

                    eligible.Add(submission);
                },
                failed =>
                {
                    book.Fail(submission, candidate.IsKing, failed, scorer);
                    eligible.Add(submission);
                },
                dq => book.Disqualify(submission.Key, submission.Uid, submission.Model, candidate.IsKing, dq, scorer),
                deferred => book.Defer(submission, candidate.IsKing, deferred, scorer));
        }

        if (king is { } k && book.DisqualifiedKeys.Contains(k))
        {
            kingGone = true;
        }

        return eligible;
    }
}
