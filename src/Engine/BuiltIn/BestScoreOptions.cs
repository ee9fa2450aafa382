using System.ComponentModel.DataAnnotations;

namespace Tournament.Engine.BuiltIn;

/// <summary>Options of the <c>best-score</c> king rule (configuration section <c>Components:best-score</c>).</summary>
internal sealed class BestScoreOptions
{
    /// <summary>A scored model needs at least this many per-prompt scores to compete this round (0 accepts any).</summary>
    [Range(0, 1_000_000)]
    public int MinPromptsScored { get; set; } = 1;
}
