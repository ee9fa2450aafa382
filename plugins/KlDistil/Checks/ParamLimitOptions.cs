using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Options of <c>param-limit</c>.</summary>
public sealed class ParamLimitOptions
{
    /// <summary>Most parameters (sum of tensor element counts over every safetensors file, MoE experts included).</summary>
    [Range(1.0, 1e15)]
    public double MaxParameters { get; set; } = 5.25e9;
}
