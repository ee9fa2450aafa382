using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.Judges.Chutes.Options;

/// <summary>One judge of the ensemble.</summary>
public sealed class JudgeModelOptions
{
    /// <summary>The provider's model id, for example <c>deepseek-ai/DeepSeek-V3-0324</c>.</summary>
    [Required]
    public string Model { get; set; } = "";

    /// <summary>The component name; <c>chutes:&lt;model&gt;</c> when empty.</summary>
    public string? Name { get; set; }

    /// <summary>Concurrent requests to this model; the ensemble default when empty.</summary>
    [Range(1, 10_000)]
    public int? MaxConcurrency { get; set; }

    /// <summary>The fallback provider's id for this model; overrides <c>Fallback:Models</c> (use it when the id has a ':').</summary>
    public string? FallbackModel { get; set; }

    /// <summary>The component name this judge is registered under.</summary>
    public string ComponentName => string.IsNullOrWhiteSpace(Name) ? $"chutes:{Model}" : Name;
}
