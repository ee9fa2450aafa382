using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;

namespace Tournament.Engine.Rounds;

/// <summary>Where a candidate ended after the checks: eligible with its files, disqualified or deferred.</summary>
/// <param name="Snapshot">The verified local files when eligible.</param>
/// <param name="Disqualified">The disqualification, if any.</param>
/// <param name="Deferred">The deferral, if any.</param>
/// <param name="Source">The component that disqualified or deferred.</param>
internal sealed record PipelineOutcome(LocalSnapshot? Snapshot, Disqualified? Disqualified, Deferred? Deferred, string? Source)
{
    public static PipelineOutcome Eligible(LocalSnapshot snapshot) => new(snapshot, null, null, null);

    public static PipelineOutcome Disqualify(Disqualified reason, string source) => new(null, reason, null, source);

    public static PipelineOutcome Defer(Deferred reason, string source) => new(null, null, reason, source);
}

/// <summary>
/// Runs one candidate through describe, Metadata checks, verified fetch, Content checks and Behavior checks, stopping
/// at the first disqualification or deferral. An exception a component throws on the candidate surfaces as
/// <see cref="ComponentFaultException"/>. Once-checks that passed before are not run again; new passes are collected.
/// </summary>
internal sealed class CandidatePipeline(
    ModeComposition composition,
    RoundContext round,
    IFingerprintLedger ledger,
    IReadOnlySet<CheckPassRecord> passedBefore,
    ILogger logger)
{
    /// <summary>The engine's own name as the source of decisions no component made.</summary>
    public const string EngineSource = "engine";

    private readonly List<CheckPassRecord> _newPasses = [];

    public IReadOnlyList<CheckPassRecord> NewPasses => _newPasses;

    public async Task<PipelineOutcome> RunAsync(Submission submission, bool isKing, CancellationToken cancellationToken)
    {
        var storage = composition.Storage.FirstOrDefault(s => ComponentFaultException.Guard(s.Name, () => s.Component.CanResolve(submission.Model)));
        if (storage is null)
        {
            return PipelineOutcome.Disqualify(
                new Disqualified(ReasonCodes.UnsupportedStorage, $"No configured storage backend serves '{submission.Model}'; configured: {string.Join(", ", composition.Storage.Select(s => s.Name))}."),
                EngineSource);
        }

        var described = await ComponentFaultException.GuardAsync(storage.Name, () => storage.Component.DescribeAsync(submission.Model, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (!described.IsOk)
        {
            return Fail(described, storage.Name);
        }

        var description = described.AsT0;
        var outcome = await RunStageAsync(CheckStage.Metadata, submission, description, storage.Component, null, isKing, cancellationToken).ConfigureAwait(false);
        if (outcome is not null)
        {
            return outcome;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var fetched = await ComponentFaultException.GuardAsync(storage.Name, () => storage.Component.FetchAsync(submission.Model, FetchRequest.All, round.Progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (!fetched.IsOk)
        {
            return Fail(fetched, storage.Name);
        }

        var snapshot = fetched.AsT0;
        foreach (var stage in new[] { CheckStage.Content, CheckStage.Behavior })
        {
            outcome = await RunStageAsync(stage, submission, description, storage.Component, snapshot, isKing, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }
        }

        return PipelineOutcome.Eligible(snapshot);
    }

    private static PipelineOutcome Fail<T>(StorageResult<T> result, string source) =>
        result.Match(
            _ => throw new InvalidOperationException("A successful storage result is not a failure."),
            dq => PipelineOutcome.Disqualify(dq, source),
            deferred => PipelineOutcome.Defer(deferred, source));

    private async Task<PipelineOutcome?> RunStageAsync(
        CheckStage stage,
        Submission submission,
        ModelDescription description,
        IStorageBackend storage,
        LocalSnapshot? snapshot,
        bool isKing,
        CancellationToken cancellationToken)
    {
        var context = new CheckContext(round, submission, description, storage, snapshot, ledger, isKing);
        foreach (var check in composition.Checks.Where(c => c.Component.Stage == stage))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var once = check.Component.Frequency == CheckFrequency.Once;
            var pass = new CheckPassRecord(submission.Key, check.Name);
            if (once && passedBefore.Contains(pass))
            {
                if (logger.IsEnabled(LogLevel.Debug))
                {
                    logger.LogDebug("Check {Check} passed before for {Submission}; not run again.", check.Name, submission.Key);
                }

                continue;
            }

            var result = await ComponentFaultException.GuardAsync(check.Name, () => check.Component.CheckAsync(context, cancellationToken), cancellationToken).ConfigureAwait(false)
                ?? throw ComponentFaultException.For(check.Name, new InvalidOperationException($"The check '{check.Name}' returned no outcome."));
            if (result.IsDisqualified)
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("{Submission} disqualified by {Check}: [{Code}] {Message}", submission.Key, check.Name, result.AsT1.ReasonCode, result.AsT1.Message);
                }

                return PipelineOutcome.Disqualify(result.AsT1, check.Name);
            }

            if (result.IsDeferred)
            {
                logger.LogWarning("{Submission} deferred by {Check}: {Reason}", submission.Key, check.Name, result.AsT2.Reason);
                return PipelineOutcome.Defer(result.AsT2, check.Name);
            }

            if (once)
            {
                _newPasses.Add(pass);
            }
        }

        return null;
    }
}
