using System.ComponentModel.DataAnnotations;
using Tournament.Plugins.AlbedoDuel.Generation;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>Options of <c>injection-probe</c> (section <c>Components:injection-probe</c>).</summary>
public sealed class InjectionProbeOptions : LocalRuntimeOptions, IValidatableObject
{
    /// <summary>Judge components (<c>IJudge</c> names: <c>chutes:&lt;model&gt;</c>, <c>offline-injection</c>, …) asked about every probe reply.</summary>
    public List<string> Judges { get; set; } = [];

    /// <summary>The canonical chat template (a <c>.jinja</c> file or a model folder) the probes are rendered with, never the miner's.</summary>
    [Required]
    public string ChatTemplatePath { get; set; } = string.Empty;

    /// <summary>SHA-256 (hex) of the canonical template's UTF-8 text, verified at start-up.</summary>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{64}$", ErrorMessage = "ChatTemplateSha256 must be 64 hexadecimal characters.")]
    public string ChatTemplateSha256 { get; set; } = string.Empty;

    /// <summary>Probe conversations per challenger, drawn by the round seed from the built-in set of 8.</summary>
    [Range(1, 8)]
    public int ProbeCount { get; set; } = 2;

    /// <summary>New tokens the challenger may write per probe (greedy, temperature 0).</summary>
    [Range(1, 65_536)]
    public int MaxNewTokens { get; set; } = 512;

    /// <summary>Judge answer limit, in tokens.</summary>
    [Range(16, 65_536)]
    public int JudgeMaxTokens { get; set; } = 256;

    /// <summary>Asks per judge and probe: the first plus re-asks while the answer failed or did not parse.</summary>
    [Range(1, 10)]
    public int JudgePasses { get; set; } = 2;

    /// <summary>Longest wait for one judge call; past it the call counts as unanswered (the probe defers).</summary>
    public TimeSpan JudgeTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Judges.Count == 0 || Judges.Any(string.IsNullOrWhiteSpace) || Judges.Distinct(StringComparer.Ordinal).Count() != Judges.Count)
        {
            yield return new ValidationResult("Judges must list at least one judge component, each name once.", [nameof(Judges)]);
        }

        if (JudgeTimeout <= TimeSpan.Zero || JudgeTimeout > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("JudgeTimeout must be positive and at most 01:00:00.", [nameof(JudgeTimeout)]);
        }
    }
}
