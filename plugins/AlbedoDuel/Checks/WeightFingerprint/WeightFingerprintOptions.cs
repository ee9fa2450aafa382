using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>Options of <c>weight-fingerprint</c> (section <c>Components:weight-fingerprint</c>).</summary>
public sealed class WeightFingerprintOptions
{
    /// <summary>The fraction of shared tensors that must match (sampled-value cosine ≥ 1 − 1e-6) for a copy (spec: 0.95).</summary>
    [Range(0.5, 1.0)]
    public double CopyThreshold { get; set; } = Inference.Hashing.WeightFingerprint.CopyThreshold;
}
