using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;
using Tournament.Engine.Configuration;
using Tournament.Engine.Telemetry;

namespace Tournament.Engine.Rounds;

/// <summary>
/// Runs one round of a mode (see docs/rounds.md): chain head, seed, submissions, checks, prompts, scores, king rule,
/// weights, one state commit, then artifacts. Nothing is committed unless the whole round finished; a round already
/// committed (mode and block hash) is returned as stored, unchanged. With queue scheduling the king meets the queued
/// challengers one duel after another (RoundRunner.Duels.cs); otherwise every candidate is scored in one call.
/// </summary>
internal sealed partial class RoundRunner(ILogger<RoundRunner> logger, TimeProvider time)
{
    /// <summary>The label of the prompt sub-seed: prompts are selected with <c>RoundSeed.FromBlockHash(head.Hash).Derive("prompts")</c>.</summary>
    public const string PromptSeedLabel = "prompts";

    /// <summary>Runs one round at the chain's current head.</summary>
    /// <param name="composition">The active mode's components.</param>
    /// <param name="progress">Where to report progress.</param>
    /// <param name="cancellationToken">Stops the round between steps; nothing is committed then.</param>
    public async Task<RoundResult> RunAsync(ModeComposition composition, IProgressReporter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(composition);
        ArgumentNullException.ThrowIfNull(progress);
        var watch = new RoundWatch(composition, time);
        (composition, progress) = (watch.Composition, watch.Watch(progress));
        var mode = composition.Mode;
        var state = composition.State.Component;

        var head = await composition.Chain.Component.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var existing = await state.FindRoundAsync(mode, head.Hash, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            RoundLog.AlreadyCommitted(logger, mode, head.Number, head.Hash);
            return await StoredRound.LoadAsync(state, existing, cancellationToken).ConfigureAwait(false);
        }

        watch.Lap("head");
        var snapshot = await state.LoadAsync(mode, cancellationToken).ConfigureAwait(false);
        watch.Lap("state-load");
        var seed = RoundSeed.FromBlockHash(head.Hash);
        var artifacts = new ArtifactCollector();
        var kingBefore = snapshot.King?.Key;
        var round = new RoundContext(mode, head, seed, kingBefore, progress, artifacts);
        if (logger.IsEnabled(LogLevel.Information))
        {
            RoundLog.Starts(logger, mode, head.Number, head.Hash, seed, kingBefore);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var commitments = await composition.Chain.Component.GetCommitmentsAsync(head.Number, cancellationToken).ConfigureAwait(false);
        var neurons = await composition.Chain.Component.GetNeuronsAsync(cancellationToken).ConfigureAwait(false);
        var selected = SubmissionSelector.Select(commitments, neurons, head.Number, logger);
        watch.Lap("submissions");

        var book = new RoundBook(head.Number);
        var ledger = RoundLedger.Of(snapshot);
        var pipeline = new CandidatePipeline(composition, round, ledger, snapshot.PassedChecks, logger);
        foreach (var bad in selected.BadCommitments.Where(b => !snapshot.Disqualifications.ContainsKey(b.Key)))
        {
            book.Disqualify(bad.Key, bad.Uid, null, bad.Key == kingBefore, new Disqualified(ReasonCodes.BadCommitment, bad.Message), CandidatePipeline.EngineSource);
        }

        var faults = new ComponentErrorCounter(state, mode, snapshot.LastRound, composition.ComponentErrorRounds);
        var scoring = await ScoreRoundAsync(composition, round, snapshot, selected.Submissions, pipeline, book, faults, cancellationToken).ConfigureAwait(false);
        var decision = scoring.Decision;
        watch.Lap("evaluate");

        cancellationToken.ThrowIfCancellationRequested();
        var weights = AssignWeights(composition, round, scoring, snapshot, book, neurons);
        await SetWeightsAsync(composition, weights, cancellationToken).ConfigureAwait(false);
        watch.Lap("weights");

        cancellationToken.ThrowIfCancellationRequested();
        var summary = new RoundSummary(mode, head.Number, head.Hash, seed.ToString(), decision.King, decision.Explanation, time.GetUtcNow());
        var king = decision.King is not { } newKing ? null
            : newKing == snapshot.King?.Key ? snapshot.King
            : new KingRecord(newKing, head.Number, decision.Explanation);
        var record = new RoundRecord(
            summary,
            selected.Submissions,
            book.Scores,
            scoring.Standings,
            king,
            weights,
            book.Disqualifications,
            [.. RoundLedger.Kept(ledger.NewRecords, k => book.Disqualifications.LastOrDefault(d => d.Key == k)?.ReasonCode)],
            [.. pipeline.NewPasses.Distinct()])
        {
            Evaluated = scoring.Evaluated,
            InterimKings = scoring.InterimKings,
            Timings = watch.Timings,
        };
        var committed = await state.CommitRoundAsync(record, cancellationToken).ConfigureAwait(false);
        watch.Lap("commit");
        if (!committed)
        {
            // Another process committed this round between our check and our commit: its result is the one that counts.
            RoundLog.CommittedElsewhere(logger, mode, head.Number);
            var stored = await state.FindRoundAsync(mode, head.Hash, CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The state store reported round {mode}@{head.Hash} as already committed but cannot find it.");
            return await StoredRound.LoadAsync(state, stored, CancellationToken.None).ConfigureAwait(false);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            RoundLog.Committed(logger, mode, head.Number, decision.King, decision.Explanation);
        }
        var report = RoundReport.Create(summary, kingBefore, scoring, book, weights);
        var published = await new ArtifactPublisher(composition.Artifacts, logger)
            .PublishAsync(report, scoring.Standings, artifacts.Artifacts, cancellationToken).ConfigureAwait(false);
        watch.Lap("artifacts");
        var result = new RoundResult(
            summary, book.Outcomes, scoring.Standings, weights, scoring.KingGone, false, published,
            new SortedDictionary<string, double>(scoring.Sheet.Metrics.ToDictionary(), StringComparer.Ordinal));
        watch.Completed(result);
        return result;
    }

    private async Task<RoundScoring> ScoreRoundAsync(
        ModeComposition composition,
        RoundContext round,
        StateSnapshot snapshot,
        IReadOnlyList<Submission> submissions,
        CandidatePipeline pipeline,
        RoundBook book,
        ComponentErrorCounter faults,
        CancellationToken cancellationToken)
    {
        var kingBefore = round.King;
        if (composition.Schedule.Candidates != CandidateScheduling.Queue)
        {
            var candidates = await RunChecksAsync(submissions, snapshot, kingBefore, pipeline, book, faults, round.Progress, cancellationToken).ConfigureAwait(false);
            var kingGone = IsKingGone(kingBefore, submissions, snapshot, book);
            return await ScoreAllAsync(composition, round, snapshot, candidates, book, faults, kingGone, cancellationToken).ConfigureAwait(false);
        }

        var queue = ChallengerQueue.Take(submissions, snapshot, kingBefore, composition.Schedule.MaxChallengers);
        if (queue.Count == 0)
        {
            var gone = IsKingGone(kingBefore, submissions, snapshot, book);
            return KeepKing(round, snapshot, book, gone, gone
                ? $"The king {kingBefore} is gone and no challenger is queued; nobody holds the crown."
                : kingBefore is { } k ? $"No challenger is queued; the king {k} keeps the crown and the weights are refreshed."
                : "No challenger is queued and no king is seated.");
        }

        RoundLog.Queued(logger, queue.Count, queue[0].Key);

        var toCheck = submissions.Where(s => s.Key == kingBefore || queue.Contains(s)).ToList();
        var checkedCandidates = await RunChecksAsync(toCheck, snapshot, kingBefore, pipeline, book, faults, round.Progress, cancellationToken).ConfigureAwait(false);
        var kingGoneNow = IsKingGone(kingBefore, submissions, snapshot, book);
        var challengers = queue.Select(q => checkedCandidates.FirstOrDefault(c => c.Submission.Key == q.Key)).OfType<Candidate>().ToList();
        return await DuelAsync(composition, round, snapshot, checkedCandidates.FirstOrDefault(c => c.IsKing), challengers, book, faults, kingGoneNow, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsKingGone(SubmissionKey? king, IReadOnlyList<Submission> submissions, StateSnapshot snapshot, RoundBook book) =>
        king is { } key && (snapshot.Disqualifications.ContainsKey(key) || book.DisqualifiedKeys.Contains(key) || submissions.All(s => s.Key != key));

    /// <summary>A round that scores nothing: the standings stay, the king stays unless it is gone.</summary>
    private static RoundScoring KeepKing(RoundContext round, StateSnapshot snapshot, RoundBook book, bool kingGone, string explanation)
    {
        var king = kingGone ? null : round.King;
        var decision = new KingDecision(king, snapshot.Standings, king is { } k ? WeightVector.WinnerTakesAll(k.Hotkey) : WeightVector.Empty, [], explanation);
        return new RoundScoring(
            decision, Alive(decision.Standings, book, snapshot), RoundScoring.NoPrompts, round.Seed.Derive(PromptSeedLabel), RoundScoring.NoScores,
            kingGone, [], [], null);
    }

    private static Standings Alive(Standings standings, RoundBook book, StateSnapshot snapshot)
    {
        var dead = book.DisqualifiedKeys;
        return new Standings([.. standings.Entries.Where(e => !dead.Contains(e.Key) && !snapshot.Disqualifications.ContainsKey(e.Key))]);
    }
}
