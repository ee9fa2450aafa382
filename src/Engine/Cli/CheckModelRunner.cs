using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Engine.Composition;
using Tournament.Engine.Rounds;

namespace Tournament.Engine.Cli;

/// <summary>
/// Runs a mode's <see cref="CandidatePipeline"/> against one model outside a round: the head's round context, the
/// state's fingerprints (so a copy of a committed model is caught as the round would), a commitment after the head,
/// nothing recorded.
/// </summary>
internal static class CheckModelRunner
{
    public const string Hotkey = "check-model";

    public static async Task<(PipelineOutcome Outcome, IReadOnlyList<CheckStep> Steps)> RunAsync(ModeComposition mode, ModelRef model, IProgressReporter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(mode);
        var head = await mode.Chain.Component.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var snapshot = await mode.State.Component.LoadAsync(mode.Mode, cancellationToken).ConfigureAwait(false);
        var round = new RoundContext(mode.Mode, head, RoundSeed.FromBlockHash(head.Hash), snapshot.King?.Key, progress, new ArtifactCollector());
        var ledger = RoundLedger.Of(snapshot);
        var pipeline = new CandidatePipeline(mode, round, ledger, new HashSet<CheckPassRecord>(), NullLogger.Instance);

        // A commitment made now would land after the head: every earlier record in a real ledger would predate it.
        var submission = new Submission(Hotkey, -1, head.Number + 1, model);
        var steps = new List<CheckStep>();
        var outcome = await pipeline.RunAsync(submission, isKing: false, steps, cancellationToken).ConfigureAwait(false);
        return (outcome, steps);
    }
}
