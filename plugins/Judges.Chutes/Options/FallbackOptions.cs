using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.Judges.Chutes.Options;

/// <summary>How the fallback provider is used.</summary>
public enum FallbackMode
{
    /// <summary>The fallback is asked only when the primary failed (or its circuit is open).</summary>
    Sequential,

    /// <summary>Both are asked at once; the first answer wins and the other call is cancelled.</summary>
    Race,
}

/// <summary>A second OpenAI-compatible provider (for example OpenRouter).</summary>
public sealed class FallbackOptions
{
    /// <summary>Name recorded as the provider of answers it serves.</summary>
    [Required]
    public string Name { get; set; } = "fallback";

    /// <summary>Base address; <c>/v1/chat/completions</c> is appended (OpenRouter: <c>https://openrouter.ai/api</c>).</summary>
    [Required]
    public string BaseUrl { get; set; } = "";

    /// <summary>Environment variable (or configuration key) holding its API key.</summary>
    [Required]
    public string ApiKeyVariable { get; set; } = "OPENROUTER_API_KEY";

    /// <summary>Sequential or race.</summary>
    public FallbackMode Mode { get; set; } = FallbackMode.Sequential;

    /// <summary>Primary model id to the fallback's model id; every judge model needs an entry (or a <c>FallbackModel</c>).</summary>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The fallback model for a judge: its own <c>FallbackModel</c>, else the <see cref="Models"/> entry.</summary>
    public string? ModelFor(JudgeModelOptions judge) =>
        !string.IsNullOrWhiteSpace(judge.FallbackModel) ? judge.FallbackModel
        : Models.TryGetValue(judge.Model, out var mapped) && !string.IsNullOrWhiteSpace(mapped) ? mapped
        : null;

    /// <summary>Concurrent requests per fallback model.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 8;
}
