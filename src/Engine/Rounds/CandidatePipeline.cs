using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;

namespace Tournament.Engine.Rounds;

/// <summary>
/// Runs one candidate through describe, Metadata checks, verified fetch, Content checks and Behavior checks, stopping
/// at the first disqualification or deferral. An exception a component throws on the candidate surfaces as
/// <see cref="ComponentFaultException"/>. Once-checks that passed before are not run again; new passes are collected.
/// The one pipeline of rounds and <c>check-model</c>: given a step list it also reports every step (what ran, what it
/// said, and why the rest did not run).
/// </summary>
internal sealed partial class CandidatePipeline(
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

    public Task<PipelineOutcome> RunAsync(Submission submission, bool isKing, CancellationToken cancellationToken) =>
        RunAsync(submission, isKing, null, cancellationToken);

    /// <summary>Runs the candidate; when <paramref name="steps"/> is given, appends one <see cref="CheckStep"/> per step and per check.</summary>
    public async Task<PipelineOutcome> RunAsync(Submission submission, bool isKing, ICollection<CheckStep>? steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        var outcome = await RunStepsAsync(submission, isKing, steps, cancellationToken).ConfigureAwait(false);
        if (steps is not null && !outcome.IsEligible)
        {
            var source = outcome.Match(_ => EngineSource, r => r.Source, p => p.Source);
            var verb = outcome.IsT1 ? "disqualified" : "deferred";
            var fetched = steps.Any(s => s.Stage != CheckStage.Metadata);
            var because = fetched
                ? $"not run: {source} {verb} the model first, and the round stops there"
                : $"not run: {source} {verb} the model first, so it was not downloaded";
            var reported = steps.Select(s => s.Check).ToHashSet(StringComparer.Ordinal);
            foreach (var check in composition.Checks.Where(c => !reported.Contains(c.Name)))
            {
                steps.Add(new CheckStep(check.Name, check.Component.Stage, null, because));
            }
        }

        return outcome;
    }

    private async Task<PipelineOutcome> RunStepsAsync(Submission submission, bool isKing, ICollection<CheckStep>? steps, CancellationToken cancellationToken)
    {
        var storage = composition.Storage.FirstOrDefault(s => ComponentFaultException.Guard(s.Name, () => s.Component.CanResolve(submission.Model)));
        if (storage is null)
        {
            var unsupported = new Disqualified(ReasonCodes.UnsupportedStorage, $"No configured storage backend serves '{submission.Model}'; configured: {string.Join(", ", composition.Storage.Select(s => s.Name))}.");
            steps?.Add(new CheckStep("storage", CheckStage.Metadata, unsupported, null));
            return PipelineOutcome.Disqualify(unsupported, EngineSource);
        }

        var described = await ComponentFaultException.GuardAsync(storage.Name, () => storage.Component.DescribeAsync(submission.Model, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (!described.IsOk)
        {
            return Fail(described, storage.Name, "describe", CheckStage.Metadata, steps);
        }

        var description = described.AsT0;
        var outcome = await RunStageAsync(CheckStage.Metadata, submission, description, storage.Component, null, isKing, steps, cancellationToken).ConfigureAwait(false);
        if (outcome is not null)
        {
            return outcome;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var fetched = await ComponentFaultException.GuardAsync(storage.Name, () => storage.Component.FetchAsync(submission.Model, FetchRequest.All, round.Progress, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (!fetched.IsOk)
        {
            return Fail(fetched, storage.Name, "fetch", CheckStage.Content, steps);
        }

        var snapshot = fetched.AsT0;
        foreach (var stage in new[] { CheckStage.Content, CheckStage.Behavior })
        {
            outcome = await RunStageAsync(stage, submission, description, storage.Component, snapshot, isKing, steps, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }
        }

        return PipelineOutcome.Eligible(snapshot);
    }

    private static PipelineOutcome Fail<T>(StorageResult<T> result, string source, string step, CheckStage stage, ICollection<CheckStep>? steps)
    {
        steps?.Add(new CheckStep(step, stage, result.Match<CheckOutcome>(_ => CheckOutcome.Pass(), dq => dq, deferred => deferred), null));
        return result.Match(
            _ => throw new InvalidOperationException("A successful storage result is not a failure."),
            dq => PipelineOutcome.Disqualify(dq, source),
            deferred => PipelineOutcome.Defer(deferred, source));
    }

    private async Task<PipelineOutcome?> RunStageAsync(
        CheckStage stage,
        Submission submission,
        ModelDescription description,
        IStorageBackend storage,
        LocalSnapshot? snapshot,
        bool isKing,
        ICollection<CheckStep>? steps,
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
                    LogCheckReused(logger, check.Name, submission.Key);
                }

                steps?.Add(new CheckStep(check.Name, stage, null, "passed in an earlier round; runs once per submission"));
                continue;
            }

            var result = await ComponentFaultException.GuardAsync(check.Name, () => check.Component.CheckAsync(context, cancellationToken), cancellationToken).ConfigureAwait(false)
                ?? throw ComponentFaultException.For(check.Name, new InvalidOperationException($"The check '{check.Name}' returned no outcome."));
            steps?.Add(new CheckStep(check.Name, stage, result, null));
            if (result.IsDisqualified)
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    LogDisqualifiedBy(logger, submission.Key, check.Name, result.AsT1.ReasonCode, result.AsT1.Message);
                }

                return PipelineOutcome.Disqualify(result.AsT1, check.Name);
            }

            if (result.IsDeferred)
            {
                LogDeferredBy(logger, submission.Key, check.Name, result.AsT2.Reason);
                return PipelineOutcome.Defer(result.AsT2, check.Name);
            }

            if (once)
            {
                _newPasses.Add(pass);
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Check {Check} passed before for {Submission}; not run again.")]
    private static partial void LogCheckReused(ILogger logger, string check, SubmissionKey submission);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Submission} disqualified by {Check}: [{Code}] {Message}")]
    private static partial void LogDisqualifiedBy(ILogger logger, SubmissionKey submission, string check, string code, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Submission} deferred by {Check}: {Reason}")]
    private static partial void LogDeferredBy(ILogger logger, SubmissionKey submission, string check, string reason);
}
