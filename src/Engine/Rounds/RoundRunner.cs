using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;

namespace Tournament.Engine.Rounds;

/// <summary>
/// Runs one round of a mode (see docs/rounds.md): chain head, seed, submissions, checks, prompts, scores, king rule,
/// weights, one state commit, then artifacts. Nothing is committed unless the whole round finished; a round already
/// committed (mode and block hash) is returned as stored, unchanged.
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
        var mode = composition.Mode;
        var state = composition.State.Component;

        var head = await composition.Chain.Component.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var existing = await state.FindRoundAsync(mode, head.Hash, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                logger.LogInformation("Round {Mode}@{Block} ({Hash}) is already committed; nothing to do.", mode, head.Number, head.Hash);
            }

            return await StoredRound.LoadAsync(state, existing, cancellationToken).ConfigureAwait(false);
        }

        var snapshot = await state.LoadAsync(mode, cancellationToken).ConfigureAwait(false);
        var seed = RoundSeed.FromBlockHash(head.Hash);
        var artifacts = new ArtifactCollector();
        var kingBefore = snapshot.King?.Key;
        var round = new RoundContext(mode, head, seed, kingBefore, progress, artifacts);
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Round {Mode}@{Block} ({Hash}) starts; seed {Seed}; king {King}.", mode, head.Number, head.Hash, seed, kingBefore?.ToString() ?? "none");
        }


        cancellationToken.ThrowIfCancellationRequested();
        var commitments = await composition.Chain.Component.GetCommitmentsAsync(head.Number, cancellationToken).ConfigureAwait(false);
        var neurons = await composition.Chain.Component.GetNeuronsAsync(cancellationToken).ConfigureAwait(false);
        var selected = SubmissionSelector.Select(commitments, neurons, head.Number, logger);

        var book = new RoundBook(head.Number);
        var ledger = new RoundLedger(RoundLedger.Kept(snapshot.Fingerprints, k => snapshot.Disqualifications.GetValueOrDefault(k)?.ReasonCode));
        var pipeline = new CandidatePipeline(composition, round, ledger, snapshot.PassedChecks, logger);
        foreach (var bad in selected.BadCommitments.Where(b => !snapshot.Disqualifications.ContainsKey(b.Key)))
        {
            book.Disqualify(bad.Key, bad.Uid, null, bad.Key == kingBefore, new Disqualified(ReasonCodes.BadCommitment, bad.Message), CandidatePipeline.EngineSource);
        }

        var faults = new ComponentErrorCounter(state, mode, snapshot.LastRound, composition.ComponentErrorRounds);
        var checkedIn = await RunChecksAsync(selected.Submissions, snapshot, kingBefore, pipeline, book, faults, progress, cancellationToken).ConfigureAwait(false);
        var kingGone = IsKingGone(kingBefore, selected.Submissions, snapshot, book);

        cancellationToken.ThrowIfCancellationRequested();
        var promptSeed = seed.Derive(PromptSeedLabel);
        var prompts = await composition.PromptSource.Component.SelectAsync(promptSeed, progress, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"The prompt source '{composition.PromptSource.Name}' returned no prompt set.");
        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Selected {Count} prompts with {Source} ({Algorithm}).", prompts.Prompts.Count, prompts.Source, prompts.AlgorithmVersion);
        }


        cancellationToken.ThrowIfCancellationRequested();
        var (sheet, candidates) = await ScoreContainedAsync(composition, round, prompts, checkedIn, book, faults, cancellationToken).ConfigureAwait(false);
        kingGone = kingGone || IsKingGone(kingBefore, selected.Submissions, snapshot, book);
        var eligible = ApplyScores(composition.Scorer.Name, sheet, candidates, book, ref kingGone, kingBefore);

        cancellationToken.ThrowIfCancellationRequested();
        var decision = composition.KingRule.Component.Decide(new KingRuleInput(round, snapshot.Standings, kingBefore, kingGone, eligible, sheet))
            ?? throw new InvalidOperationException($"The king rule '{composition.KingRule.Name}' returned no decision.");
        ValidateDecision(composition.KingRule.Name, decision, eligible, kingBefore, kingGone);
        foreach (var dq in decision.Disqualifications)
        {
            book.DisqualifyByRule(dq.Key, dq.Reason, composition.KingRule.Name);
        }

        var dead = book.DisqualifiedKeys;
        var standings = new Standings([.. decision.Standings.Entries.Where(e => !dead.Contains(e.Key) && !snapshot.Disqualifications.ContainsKey(e.Key))]);

        cancellationToken.ThrowIfCancellationRequested();
        await SetWeightsAsync(composition, decision.Weights, cancellationToken).ConfigureAwait(false);

        cancellationToken.ThrowIfCancellationRequested();
        var summary = new RoundSummary(mode, head.Number, head.Hash, seed.ToString(), decision.King, decision.Explanation, time.GetUtcNow());
        var king = decision.King is not { } newKing ? null
            : newKing == snapshot.King?.Key ? snapshot.King
            : new KingRecord(newKing, head.Number, decision.Explanation);
        var record = new RoundRecord(
            summary,
            selected.Submissions,
            book.Scores,
            standings,
            king,
            decision.Weights,
            book.Disqualifications,
            [.. RoundLedger.Kept(ledger.NewRecords, k => book.Disqualifications.LastOrDefault(d => d.Key == k)?.ReasonCode)],
            [.. pipeline.NewPasses.Distinct()]);
        var committed = await state.CommitRoundAsync(record, cancellationToken).ConfigureAwait(false);
        if (!committed)
        {
            // Another process committed this round between our check and our commit: its result is the one that counts.
            logger.LogWarning("Round {Mode}@{Block} was committed by another process meanwhile; returning the stored result.", mode, head.Number);
            var stored = await state.FindRoundAsync(mode, head.Hash, CancellationToken.None).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"The state store reported round {mode}@{head.Hash} as already committed but cannot find it.");
            return await StoredRound.LoadAsync(state, stored, CancellationToken.None).ConfigureAwait(false);
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Round {Mode}@{Block} committed; king {King}: {Explanation}", mode, head.Number, decision.King?.ToString() ?? "none", decision.Explanation);
        }

        var report = RoundReport.Create(summary, kingBefore, kingGone, prompts, promptSeed, sheet, book, decision.Weights, standings);
        var published = await new ArtifactPublisher(composition.Artifacts, logger)
            .PublishAsync(report, standings, artifacts.Artifacts, cancellationToken).ConfigureAwait(false);
        return new RoundResult(
            summary, book.Outcomes, standings, decision.Weights, kingGone, false, published, new SortedDictionary<string, double>(sheet.Metrics.ToDictionary(), StringComparer.Ordinal));
    }

    private static bool IsKingGone(SubmissionKey? king, IReadOnlyList<Submission> submissions, StateSnapshot snapshot, RoundBook book) =>
        king is { } key && (snapshot.Disqualifications.ContainsKey(key) || book.DisqualifiedKeys.Contains(key) || submissions.All(s => s.Key != key));

    private static void ValidateDecision(string rule, KingDecision decision, IReadOnlyList<Submission> eligible, SubmissionKey? kingBefore, bool kingGone)
    {
        if (decision.King is { } king && eligible.All(s => s.Key != king) && !(king == kingBefore && !kingGone))
        {
            throw new InvalidOperationException($"The king rule '{rule}' crowned {king}, which is not eligible this round; fix the rule.");
        }

        foreach (var (hotkey, weight) in decision.Weights.ByHotkey)
        {
            if (!double.IsFinite(weight) || weight < 0)
            {
                throw new InvalidOperationException($"The king rule '{rule}' gave {hotkey} the weight {weight}; weights must be finite and non-negative.");
            }
        }
    }

    private async Task SetWeightsAsync(ModeComposition composition, WeightVector weights, CancellationToken cancellationToken)
    {
        var result = await composition.Chain.Component.SetWeightsAsync(weights, cancellationToken).ConfigureAwait(false);
        if (result.IsT1)
        {
            throw new RoundInfrastructureException($"The chain '{composition.Chain.Name}' did not accept the weights ({result.AsT1.Reason}); nothing was committed and the round will be retried.");
        }

        if (logger.IsEnabled(LogLevel.Information))
        {
            logger.LogInformation("Weights set: {Weights}.", weights.ByHotkey.Count == 0 ? "none" : string.Join(", ", weights.ByHotkey.Select(w => $"{w.Key}={w.Value:0.####}")));
        }

    }
}
