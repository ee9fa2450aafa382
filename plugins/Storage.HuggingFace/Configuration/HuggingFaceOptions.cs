using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>Options of the <c>huggingface</c> storage backend (configuration section <c>Components:huggingface</c>).</summary>
public sealed class HuggingFaceOptions : IValidatableObject
{
    /// <summary>The configuration section the options (and the HTTP client's retry policy) are read from.</summary>
    public const string SectionName = "Components:huggingface";

    /// <summary>The Hub endpoint. Null uses <c>HF_ENDPOINT</c>, else <c>https://huggingface.co</c>.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The cache folder. Null uses <c>HF_HUB_CACHE</c>, <c>HF_HOME/hub</c>, else <c>~/.cache/huggingface/hub</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>How many files download at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrentDownloads { get; set; } = 4;

    /// <summary>Seconds to wait for a response's headers (one attempt).</summary>
    [Range(1, 3600)]
    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Seconds without a single byte arriving before a download is considered stalled (it then resumes).</summary>
    [Range(1, 3600)]
    public int ReadTimeoutSeconds { get; set; } = 60;

    /// <summary>Seconds a request may take over all its retries before it is deferred.</summary>
    [Range(1, 86400)]
    public int TotalTimeoutSeconds { get; set; } = 300;

    /// <summary>Retries of a request answered 429, 408 or 5xx, or failed by the network.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first backoff delay in milliseconds (exponential with jitter after it; 429 honours Retry-After).</summary>
    [Range(1, 600_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 1000;

    /// <summary>How many times one file's download resumes after a dropped connection within one fetch.</summary>
    [Range(0, 100)]
    public int MaxResumeAttempts { get; set; } = 5;

    /// <summary>The largest single file accepted, in bytes (default 64 GiB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 64L << 30;

    /// <summary>The largest safetensors JSON header read by a header-only read, in bytes.</summary>
    [Range(2, 100_000_000)]
    public long MaxHeaderBytes { get; set; } = 100_000_000;

    /// <summary>The largest model-API JSON response accepted, in bytes.</summary>
    [Range(1024, 1L << 30)]
    public long MaxMetadataBytes { get; set; } = 32L << 20;

    /// <summary>The most files a repository may list.</summary>
    [Range(1, 1_000_000)]
    public int MaxFiles { get; set; } = 20_000;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is not null && !HubEndpoint.TryParse(Endpoint, out _))
        {
            yield return new ValidationResult(
                $"Endpoint '{Endpoint}' is not an absolute http(s) URL; set Components:huggingface:Endpoint to e.g. https://huggingface.co.",
                [nameof(Endpoint)]);
        }
    }
}
