using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.Judges.Chutes.Options;

/// <summary>How the answer text is assembled from the streamed deltas.</summary>
public enum JudgeTextMode
{
    /// <summary>Reasoning (reasoning_content / reasoning) followed by the content.</summary>
    ReasoningAndContent,

    /// <summary>The content alone.</summary>
    ContentOnly,
}

/// <summary>Options of the Chutes judge ensemble, bound from <c>Components:chutes</c>.</summary>
public sealed class ChutesOptions
{
    /// <summary>The name of the options section under <c>Components</c>, claimed by the plugin module.</summary>
    public const string SectionName = "chutes";

    /// <summary>The configuration section.</summary>
    public const string Section = "Components:" + SectionName;

    /// <summary>Name recorded as the provider of answers served by the primary.</summary>
    [Required]
    public string ProviderName { get; set; } = "chutes";

    /// <summary>Base address; <c>/v1/chat/completions</c> is appended (a trailing <c>/v1</c> is tolerated).</summary>
    [Required]
    public string BaseUrl { get; set; } = "https://llm.chutes.ai";

    /// <summary>Environment variable (or configuration key) holding the API key.</summary>
    [Required]
    public string ApiKeyVariable { get; set; } = "CHUTES_API_KEY";

    /// <summary>The judge models; each becomes one keyed <c>IJudge</c>.</summary>
    public List<JudgeModelOptions> Judges { get; set; } = [];

    /// <summary>Stream the answer (SSE); false asks for one JSON response.</summary>
    public bool Stream { get; set; } = true;

    /// <summary>How the answer text is assembled.</summary>
    public JudgeTextMode Text { get; set; } = JudgeTextMode.ReasoningAndContent;

    /// <summary>Longest wait for the first streamed chunk of one attempt.</summary>
    public TimeSpan FirstChunkTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest time one attempt (request to last byte) may take.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Overall deadline of one judge call on one provider, throttling waits and retries included.</summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Attempts for 5xx, network errors, timeouts and malformed responses (1 = no retry).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>First backoff delay; doubles on each retry, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Cap on any single backoff delay, <c>Retry-After</c> included.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Default concurrent requests per model, for judges that set none.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Largest response body accepted, in bytes (guards against endless or oversized answers).</summary>
    [Range(1024, 1L << 30)]
    public long MaxResponseBytes { get; set; } = 8L << 20;

    /// <summary>Optional fallback provider.</summary>
    public FallbackOptions? Fallback { get; set; }

    /// <summary>Circuit breaker that moves traffic to the fallback.</summary>
    public CircuitBreakerOptions CircuitBreaker { get; set; } = new();
}
