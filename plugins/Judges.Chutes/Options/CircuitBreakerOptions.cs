using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.Judges.Chutes.Options;

/// <summary>Per-model breaker in front of the primary provider; used only when a fallback is configured.</summary>
public sealed class CircuitBreakerOptions
{
    /// <summary>Consecutive failed judge calls on the primary that open the circuit.</summary>
    [Range(1, 1000)]
    public int FailureThreshold { get; set; } = 5;

    /// <summary>How long the circuit stays open before one call probes the primary again.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromMinutes(2);
}
