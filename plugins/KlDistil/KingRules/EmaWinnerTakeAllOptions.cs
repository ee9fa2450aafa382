using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.KlDistil.KingRules;

/// <summary>Options of <c>ema-winner-take-all</c> (section <c>Components:ema-winner-take-all</c>).</summary>
public sealed class EmaWinnerTakeAllOptions
{
    /// <summary>EMA weight of the newest KL: ema = α·kl + (1−α)·ema.</summary>
    [Range(1e-9, 1.0)]
    public double Alpha { get; set; } = 0.3;

    /// <summary>An EMA above this disqualifies the submission.</summary>
    [Range(1e-9, 1e9)]
    public double MaxEma { get; set; } = 2.0;

    /// <summary>A KL at or below this is a teacher copy: disqualified, never "best so far".</summary>
    [Range(0.0, 1.0)]
    public double TeacherCopyKl { get; set; } = 1e-6;
}
