using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.KlDistil.KingRules;

/// <summary>Options of <c>paired-t-test</c> (section <c>Components:paired-t-test</c>).</summary>
public sealed class PairedTTestOptions
{
    /// <summary>One-sided p-value below which the challenger's improvement is significant.</summary>
    [Range(1e-12, 0.5)]
    public double PValue { get; set; } = 0.03;

    /// <summary>Fewest prompts scored by both king and challenger for a dethronement.</summary>
    [Range(2, 1_000_000)]
    public int MinPairedPrompts { get; set; } = 100;

    /// <summary>The challenger's mean KL must be below king × (1 − MinImprovement).</summary>
    [Range(0.0, 0.99)]
    public double MinImprovement { get; set; } = 0.03;

    /// <summary>A KL at or below this is a teacher copy: disqualified, never "best so far".</summary>
    [Range(0.0, 1.0)]
    public double TeacherCopyKl { get; set; } = 1e-6;
}
