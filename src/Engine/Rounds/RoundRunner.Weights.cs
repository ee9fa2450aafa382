using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;

namespace Tournament.Engine.Rounds;

/// <summary>The weights of a round: the king rule's, or the configured weight policy's; then set on chain.</summary>
internal sealed partial class RoundRunner
{
    private static WeightVector AssignWeights(ModeComposition composition, RoundContext round, RoundScoring scoring, StateSnapshot snapshot, RoundBook book, IReadOnlyList<Neuron> neurons)
    {
        var decision = scoring.Decision;
        if (composition.WeightPolicy is not { } policy)
        {
            return decision.Weights;
        }

        var dead = book.DisqualifiedKeys;
        var previous = scoring.InterimKings.Select(k => k.Key).Reverse()
            .Concat(snapshot.KingHistory.Reverse())
            .Where(k => k != decision.King && !dead.Contains(k) && !snapshot.Disqualifications.ContainsKey(k))
            .Distinct()
            .ToList();
        var weights = policy.Component.Assign(new WeightPolicyInput(round, decision, previous, neurons))
            ?? throw new InvalidOperationException($"The weight policy '{policy.Name}' returned no weights.");
        ValidateWeights($"weight policy '{policy.Name}'", weights);
        return weights;
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
            RoundLog.WeightsSet(logger, weights.ByHotkey.Count == 0 ? "none" : string.Join(", ", weights.ByHotkey.Select(w => $"{w.Key}={w.Value:0.####}")));
        }
    }
}
