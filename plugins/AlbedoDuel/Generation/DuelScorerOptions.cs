using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>Options of the <c>duel</c> scorer (configuration section <c>Components:duel</c>).</summary>
public sealed class DuelScorerOptions : LocalRuntimeOptions, IValidatableObject
{
    /// <summary>
    /// The canonical chat template: a folder with <c>chat_template.jinja</c> or <c>tokenizer_config.json</c>, or a
    /// <c>.jinja</c> file. Prompts are always rendered with it, never with a miner's template. Relative paths resolve
    /// against the configuration file's folder.
    /// </summary>
    [Required]
    public string ChatTemplatePath { get; set; } = string.Empty;

    /// <summary>Judge components (<c>IJudge</c> names, e.g. <c>offline-reference</c> or <c>chutes:&lt;model&gt;</c>) that form the panel.</summary>
    [MinLength(1)]
    public List<string> Judges { get; set; } = [];

    /// <summary>Sampling temperature of both sides.</summary>
    [Range(0.0, 10.0)]
    public double Temperature { get; set; } = 1.0;

    /// <summary>Most new tokens per reply; a reply that reaches it is truncated (and loses its sample).</summary>
    [Range(1, 65_536)]
    public int MaxNewTokens { get; set; } = 1024;

    /// <summary>Longest rendered prompt, in tokens; longer prompts keep their last tokens.</summary>
    [Range(16, 1_048_576)]
    public int MaxPromptTokens { get; set; } = 16_384;

    /// <summary>Prompts per local generation batch.</summary>
    [Range(1, 4096)]
    public int BatchSize { get; set; } = 16;

    /// <summary>Concurrent requests to a remote generation endpoint.</summary>
    [Range(1, 256)]
    public int RemoteConcurrency { get; set; } = 8;

    /// <summary>Soft time budget of one duel; each side gets half. Samples not started when its half runs out are skipped (not failed). Zero: no budget.</summary>
    public TimeSpan TimeBudget { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Judge answer limit, in tokens.</summary>
    [Range(16, 65_536)]
    public int JudgeMaxTokens { get; set; } = 512;

    /// <summary>Judge passes: the first ask plus re-asks of the judges that failed to parse.</summary>
    [Range(1, 10)]
    public int JudgePasses { get; set; } = 3;

    /// <summary>Reserved-token texts that must never appear in a reply; empty uses the Qwen special tokens.</summary>
    public List<string> ReservedTokens { get; set; } = [];

    /// <summary>Models served by an OpenAI-compatible endpoint (vLLM) instead of the local runtime, by repository.</summary>
    public List<GenerationEndpoint> Endpoints { get; set; } = [];

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (TimeBudget < TimeSpan.Zero)
        {
            yield return new ValidationResult("TimeBudget must not be negative.", [nameof(TimeBudget)]);
        }

        if (Judges.Any(string.IsNullOrWhiteSpace) || Judges.Distinct(StringComparer.Ordinal).Count() != Judges.Count)
        {
            yield return new ValidationResult("Judges must be distinct, non-empty component names.", [nameof(Judges)]);
        }

        foreach (var (endpoint, i) in Endpoints.Select((e, i) => (e, i)))
        {
            if (string.IsNullOrWhiteSpace(endpoint.Repo) || string.IsNullOrWhiteSpace(endpoint.Model)
                || !Uri.TryCreate(endpoint.BaseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"Endpoints[{i}] needs a Repo, a Model and an absolute http(s) BaseUrl.", [nameof(Endpoints)]);
            }
        }
    }
}

/// <summary>An OpenAI-compatible server (<c>POST {BaseUrl}/v1/chat/completions</c>) that serves one submitted model.</summary>
public sealed class GenerationEndpoint
{
    /// <summary>The submission's repository (<c>owner/name</c>) this endpoint serves.</summary>
    public string Repo { get; set; } = string.Empty;

    /// <summary>The server root, e.g. <c>http://127.0.0.1:8000</c>. Start the server with the canonical chat template.</summary>
    public string BaseUrl { get; set; } = string.Empty;

    /// <summary>The served model name.</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Environment variable holding the bearer token, if the server needs one (never logged or traced).</summary>
    public string? ApiKeyVariable { get; set; }

    /// <summary>Per-request timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(5);
}
