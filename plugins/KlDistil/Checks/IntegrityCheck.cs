using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Every round: the model is still public at the committed revision; otherwise "removed".</summary>
[Component("integrity", Description = "Every round: still public at the pinned revision, otherwise disqualified as removed.")]
internal sealed class IntegrityCheck : IAntiCheatCheck
{
    public const string Name = "integrity";

    public CheckStage Stage => CheckStage.Metadata;

    public CheckFrequency Frequency => CheckFrequency.EveryRound;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pinned = context.Submission.Model;
        var described = await context.Storage.DescribeAsync(pinned, cancellationToken).ConfigureAwait(false);
        if (!described.IsOk)
        {
            return described.Match<CheckOutcome>(_ => CheckOutcome.Pass(), d => d, d => d);
        }

        var description = described.AsT0;
        if (!description.IsPublic)
        {
            return CheckOutcome.Disqualify(ReasonCodes.Removed, $"{pinned.Repo} is no longer public; the committed model must stay public.");
        }

        if (!string.Equals(description.Model.Revision, pinned.Revision, StringComparison.OrdinalIgnoreCase) || !string.Equals(description.Model.Repo, pinned.Repo, StringComparison.OrdinalIgnoreCase))
        {
            return CheckOutcome.Disqualify(ReasonCodes.Removed, $"{pinned} now resolves to {description.Model}; the committed revision must stay available unchanged.");
        }

        return CheckOutcome.Pass();
    }
}
