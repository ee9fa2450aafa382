using Tournament.Abstractions;

namespace Tournament.Engine.BuiltIn;

/// <summary>
/// Built-in weight policy: equal weights across the current king and up to <see cref="LastKingsOptions.Kings"/> − 1
/// previous kings whose hotkeys are still registered (newest first, one share per hotkey); while no king is seated,
/// everything goes to <see cref="LastKingsOptions.BurnUid"/> when set.
/// </summary>
[Component("last-kings", Options = typeof(LastKingsOptions), Description = "Equal split over the king and up to K−1 previous kings still registered; optional burn UID while no king is seated.")]
internal sealed class LastKingsWeightPolicy(LastKingsOptions options) : IWeightPolicy
{
    public WeightVector Assign(WeightPolicyInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var registered = input.Neurons.Select(n => n.Hotkey).ToHashSet(StringComparer.Ordinal);
        if (input.Decision.King is not { } king)
        {
            var burn = options.BurnUid is { } uid ? input.Neurons.Where(n => n.Uid == uid).Select(n => n.Hotkey).FirstOrDefault() : null;
            return burn is null ? WeightVector.Empty : WeightVector.WinnerTakesAll(burn);
        }

        var paid = new List<string> { king.Hotkey };
        foreach (var previous in input.PreviousKings)
        {
            if (paid.Count >= options.Kings)
            {
                break;
            }

            if (registered.Contains(previous.Hotkey) && !paid.Contains(previous.Hotkey, StringComparer.Ordinal))
            {
                paid.Add(previous.Hotkey);
            }
        }

        var share = 1.0 / paid.Count;
        return new WeightVector(paid.ToDictionary(h => h, _ => share, StringComparer.Ordinal));
    }
}
