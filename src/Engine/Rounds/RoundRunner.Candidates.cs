using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;

namespace Tournament.Engine.Rounds;

/// <summary>The candidate half of a round: checks in commit order, scoring calls, and the king rule's decision.</summary>
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
                RoundLog.SkippedDisqualified(logger, submission.Key, earlier.Block, earlier.ReasonCode, earlier.Message);
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

            outcome.Switch(
                files => candidates.Add(new Candidate(submission, files, isKing)),
                rejected => book.Disqualify(submission.Key, submission.Uid, submission.Model, isKing, rejected.Reason, rejected.Source),
                postponed => book.Defer(submission, isKing, postponed.Reason, postponed.Source));

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
                LogBatchBisect(logger, batch.Sentence, candidates.Count);
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
            LogFaultDisqualified(logger, submission.Key, dq.ReasonCode, dq.Message);
            book.Disqualify(submission.Key, submission.Uid, submission.Model, isKing, dq, fault.Component);
        }
        else
        {
            LogFaultDeferred(logger, submission.Key, verdict.Deferred!.Reason);
            book.Defer(submission, isKing, verdict.Deferred, fault.Component);
        }
    }

    /// <summary><c>all</c> scheduling: every candidate on the round's prompt set, in one scoring call.</summary>
    private async Task<RoundScoring> ScoreAllAsync(
        ModeComposition composition, RoundContext round, StateSnapshot snapshot, IReadOnlyList<Candidate> candidates, RoundBook book, ComponentErrorCounter faults, bool kingGone, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var promptSeed = round.Seed.Derive(PromptSeedLabel);
        var prompts = await SelectPromptsAsync(composition, round, promptSeed, cancellationToken).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
        var (sheet, scored) = await ScoreContainedAsync(composition, round, prompts, candidates, book, faults, cancellationToken).ConfigureAwait(false);
        var eligible = ApplyScores(composition.Scorer.Name, sheet, scored, book, ref kingGone, round.King, round.King);

        cancellationToken.ThrowIfCancellationRequested();
        var decision = Decide(composition, new KingRuleInput(round, snapshot.Standings, round.King, kingGone, eligible, sheet), book);
        return new RoundScoring(decision, Alive(decision.Standings, book, snapshot), prompts, promptSeed, sheet, kingGone, [], [], null);
    }

    private async Task<PromptSet> SelectPromptsAsync(ModeComposition composition, RoundContext round, RoundSeed promptSeed, CancellationToken cancellationToken)
    {
        var prompts = await composition.PromptSource.Component.SelectAsync(promptSeed, round.Progress, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The prompt source '{composition.PromptSource.Name}' returned no prompt set.");
        RoundLog.PromptsSelected(logger, prompts.Prompts.Count, prompts.Source, prompts.AlgorithmVersion);
        return prompts;
    }

    private async Task<ScoreSheet> ScoreAsync(ModeComposition composition, RoundContext round, PromptSet prompts, IReadOnlyList<Candidate> candidates, CancellationToken cancellationToken)
    {
        if (candidates.Count == 0)
        {
            RoundLog.NothingToScore(logger);
            return RoundScoring.NoScores;
        }

        RoundLog.Scoring(logger, candidates.Count, composition.Scorer.Name);
        var request = new ScoringRequest(round, prompts, candidates);
        return await ComponentFaultException.GuardAsync(composition.Scorer.Name, () => composition.Scorer.Component.ScoreAsync(request, cancellationToken), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The scorer '{composition.Scorer.Name}' returned no score sheet.");
    }

    /// <summary>Records the sheet in the book; returns the candidates still eligible. <paramref name="king"/> is the king
    /// of this scoring call, <paramref name="roundKing"/> the king at the start of the round (the book's IsKing column).</summary>
    private List<Submission> ApplyScores(string scorer, ScoreSheet sheet, IReadOnlyList<Candidate> candidates, RoundBook book, ref bool kingGone, SubmissionKey? king, SubmissionKey? roundKing)
    {
        var eligible = new List<Submission>();
        foreach (var extra in sheet.Results.Keys.Where(k => candidates.All(c => c.Submission.Key != k)))
        {
            RoundLog.NotACandidate(logger, scorer, extra);
        }

        foreach (var candidate in candidates)
        {
            var submission = candidate.Submission;
            var isKing = submission.Key == roundKing;
            if (!sheet.Results.TryGetValue(submission.Key, out var result))
            {
                book.Fail(submission, isKing, new ScoreFailed(ReasonCodes.NoResult, $"The scorer '{scorer}' returned no result for this model.", []), scorer);
                eligible.Add(submission);
                continue;
            }

            result.Switch(
                scored =>
                {
                    if (double.IsFinite(scored.Value))
                    {
                        book.Score(submission, isKing, scored);
                    }
                    else
                    {
                        book.Fail(submission, isKing, new ScoreFailed(ReasonCodes.NonFiniteScore, $"The scorer '{scorer}' gave the score {scored.Value}; it counts as a failed round for this model.", scored.PerPrompt), scorer);
                    }

                    eligible.Add(submission);
                },
                failed =>
                {
                    book.Fail(submission, isKing, failed, scorer);
                    eligible.Add(submission);
                },
                dq => book.Disqualify(submission.Key, submission.Uid, submission.Model, isKing, dq, scorer),
                deferred => book.Defer(submission, isKing, deferred, scorer));
        }

        if (king is { } k && book.DisqualifiedKeys.Contains(k))
        {
            kingGone = true;
        }

        return eligible;
    }

    /// <summary>Asks the king rule, checks its decision and books the submissions it disqualified.</summary>
    private static KingDecision Decide(ModeComposition composition, KingRuleInput input, RoundBook book)
    {
        var decision = composition.KingRule.Component.Decide(input)
            ?? throw new InvalidOperationException($"The king rule '{composition.KingRule.Name}' returned no decision.");
        ValidateDecision(composition.KingRule.Name, decision, input.Eligible, input.CurrentKing, input.KingGone);
        foreach (var dq in decision.Disqualifications)
        {
            book.DisqualifyByRule(dq.Key, dq.Reason, composition.KingRule.Name);
        }

        return decision;
    }

    private static void ValidateDecision(string rule, KingDecision decision, IReadOnlyList<Submission> eligible, SubmissionKey? kingBefore, bool kingGone)
    {
        if (decision.King is { } king && eligible.All(s => s.Key != king) && !(king == kingBefore && !kingGone))
        {
            throw new InvalidOperationException($"The king rule '{rule}' crowned {king}, which is not eligible this round; fix the rule.");
        }

        ValidateWeights($"king rule '{rule}'", decision.Weights);
    }

    private static void ValidateWeights(string component, WeightVector weights)
    {
        foreach (var (hotkey, weight) in weights.ByHotkey)
        {
            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new InvalidOperationException($"The {component} gave {hotkey} the weight {weight}; weights must be finite and non-negative.");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sentence} Scoring the {Count} candidate(s) one by one to find the submission it fails on.")]
    private static partial void LogBatchBisect(ILogger logger, string sentence, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Submission} disqualified: [{Code}] {Message}")]
    private static partial void LogFaultDisqualified(ILogger logger, SubmissionKey submission, string code, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Submission} deferred: {Reason}")]
    private static partial void LogFaultDeferred(ILogger logger, SubmissionKey submission, string reason);
}
