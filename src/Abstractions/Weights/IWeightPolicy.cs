namespace Tournament.Abstractions;

/// <summary>What a weight policy decides from.</summary>
/// <param name="Round">The round.</param>
/// <param name="Decision">The king rule's decision (its king and its own weights).</param>
/// <param name="PreviousKings">Earlier kings, newest first, distinct, the decision's king excluded; not filtered by registration.</param>
/// <param name="Neurons">The metagraph now (who is registered, and under which UID).</param>
public sealed record WeightPolicyInput(
    RoundContext Round,
    KingDecision Decision,
    IReadOnlyList<SubmissionKey> PreviousKings,
    IReadOnlyList<Neuron> Neurons);

/// <summary>
/// Turns a king rule's decision into the weights set on chain (for example an equal split over the last kings, or a
/// burn to the subnet owner while no king is seated). Optional per mode: without one the king rule's weights are set.
/// Must be a deterministic function of its input.
/// </summary>
public interface IWeightPolicy
{
    /// <summary>Assigns the weights.</summary>
    /// <param name="input">The decision, previous kings and metagraph.</param>
    WeightVector Assign(WeightPolicyInput input);
}
