using OneOf;
using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>A disqualification and the component that made it.</summary>
/// <param name="Reason">The disqualification.</param>
/// <param name="Source">The component (or <see cref="CandidatePipeline.EngineSource"/>).</param>
internal sealed record Rejection(Disqualified Reason, string Source);

/// <summary>A deferral and the component that made it.</summary>
/// <param name="Reason">The deferral.</param>
/// <param name="Source">The component.</param>
internal sealed record Postponement(Deferred Reason, string Source);

/// <summary>Where a candidate ended after the checks: eligible with its verified files, disqualified, or deferred.</summary>
internal sealed class PipelineOutcome : OneOfBase<LocalSnapshot, Rejection, Postponement>
{
    private PipelineOutcome(OneOf<LocalSnapshot, Rejection, Postponement> value)
        : base(value)
    {
    }

    public bool IsEligible => IsT0;

    public static PipelineOutcome Eligible(LocalSnapshot snapshot) => new(snapshot);

    public static PipelineOutcome Disqualify(Disqualified reason, string source) => new(new Rejection(reason, source));

    public static PipelineOutcome Defer(Deferred reason, string source) => new(new Postponement(reason, source));
}

/// <summary>One step of the pipeline as reported by <c>check-model</c>; <see cref="Outcome"/> is null when it did not run.</summary>
/// <param name="Check">The check's component name, or <c>storage</c>, <c>describe</c>, <c>fetch</c>.</param>
/// <param name="Stage">The stage it belongs to.</param>
/// <param name="Outcome">What it said, when it ran.</param>
/// <param name="SkippedBecause">Why it did not run.</param>
internal sealed record CheckStep(string Check, CheckStage Stage, CheckOutcome? Outcome, string? SkippedBecause);
