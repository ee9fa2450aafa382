namespace Tournament.Plugins.Chain.Subtensor.Extrinsics;

/// <summary>
/// Weights as the Bittensor SDK emits them (convert_weights_and_uids_for_emit): divided by the largest so it maps to
/// 65535, rounded half-to-even like Python's round, zeros dropped, UIDs ascending.
/// </summary>
public static class WeightScaling
{
    /// <summary>Scales non-negative, finite weights per UID.</summary>
    /// <param name="weights">Weight per UID.</param>
    /// <returns>The UIDs and their u16 weights (empty when every weight is zero).</returns>
    public static (ushort[] Uids, ushort[] Weights) ToU16(IReadOnlyDictionary<ushort, double> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        foreach ((ushort uid, double w) in weights)
        {
            if (!double.IsFinite(w) || w < 0)
            {
                throw new ArgumentException($"The weight of UID {uid} is {w}; weights must be finite and non-negative.", nameof(weights));
            }
        }

        double max = weights.Count == 0 ? 0 : weights.Values.Max();
        if (max == 0)
        {
            return ([], []);
        }

        var uids = new List<ushort>();
        var values = new List<ushort>();
        foreach ((ushort uid, double w) in weights.OrderBy(p => p.Key))
        {
            double scaled = Math.Round(w / max * ushort.MaxValue, MidpointRounding.ToEven);
            if (scaled != 0)
            {
                uids.Add(uid);
                values.Add((ushort)scaled);
            }
        }

        return ([.. uids], [.. values]);
    }
}
