using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.AlbedoDuel.Verdict;

/// <summary>The duel's verdict rule (configuration section <c>Components:duel-margin</c>).</summary>
public sealed class DuelGates
{
    /// <summary>Gate 1: least <c>challenger − king</c>, in points.</summary>
    [Range(0.0, 100.0)]
    public double MarginPoints { get; set; } = 2.0;

    /// <summary>Gate 2: bootstrap resamples.</summary>
    [Range(1, 1_000_000)]
    public int BootstrapResamples { get; set; } = 10_000;

    /// <summary>Gate 2: the quantile of the resampled means that must be above 0.</summary>
    [Range(0.0, 0.5)]
    public double BootstrapQuantile { get; set; } = 0.05;

    /// <summary>Least fraction of finished samples parsed by every judge; below it the duel is an infrastructure fault.</summary>
    [Range(0.0, 1.0)]
    public double MinValidFraction { get; set; } = 0.8;

    /// <summary>Require two independent winning duels (the second with a fresh seed) before crowning.</summary>
    public bool RequireTwoWins { get; set; }
}
