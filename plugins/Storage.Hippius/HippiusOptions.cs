using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.Storage.Hippius;

/// <summary>
/// Options of the <c>hippius</c> component (configuration section <c>Components:hippius</c>). Credentials are never
/// options: they come from the environment (see <see cref="HippiusCredentials"/>).
/// </summary>
public sealed class HippiusOptions : IValidatableObject
{
    /// <summary>The OCI registry serving models by digest, e.g. <c>https://registry.hippius.com</c>. Null disables models.</summary>
    public Uri? RegistryEndpoint { get; set; }

    /// <summary>The S3-compatible endpoint for artifacts.</summary>
    public Uri ServiceUrl { get; set; } = new("https://s3.hippius.com");

    /// <summary>The S3 signing region.</summary>
    [Required]
    public string Region { get; set; } = "decentralized";

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which Hippius requires.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>The bucket artifacts are published to. Null disables publishing.</summary>
    public string? Bucket { get; set; }

    /// <summary>A prefix put before every artifact key (e.g. <c>tournament/</c>).</summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>Publish artifacts with the <c>public-read</c> canned ACL.</summary>
    public bool PublicRead { get; set; }

    /// <summary>Artifacts at least this large are uploaded in parts.</summary>
    [Range(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024)]
    public long MultipartThresholdBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>The part size of multipart uploads (S3 requires at least 5 MiB for every part but the last).</summary>
    [Range(5L * 1024 * 1024, 5L * 1024 * 1024 * 1024)]
    public long PartSizeBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>The model cache folder (relative paths resolve against the configuration folder). Default <c>&lt;DataDirectory&gt;/hippius</c>.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>Attempts per registry request on throttling, 5xx, timeouts and dropped connections (S3: SDK retries).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>The first retry delay; each further retry doubles it.</summary>
    [Range(0, 60_000)]
    public int RetryBaseDelayMilliseconds { get; set; } = 500;

    /// <summary>The timeout of one registry request up to its response headers, and of one S3 request.</summary>
    [Range(1, 3600)]
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>The timeout of one whole blob download.</summary>
    [Range(1, 86_400)]
    public int BlobTimeoutSeconds { get; set; } = 3600;

    /// <summary>The largest manifest accepted.</summary>
    [Range(1024, 64L * 1024 * 1024)]
    public long MaxManifestBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>The most layers (files) a model manifest may list.</summary>
    [Range(1, 100_000)]
    public int MaxLayers { get; set; } = 4096;

    /// <summary>The largest single layer (file).</summary>
    [Range(1, long.MaxValue)]
    public long MaxLayerBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>The largest model (sum of its layers).</summary>
    [Range(1, long.MaxValue)]
    public long MaxModelBytes { get; set; } = 256L * 1024 * 1024 * 1024;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RegistryEndpoint is { } registry && !IsHttp(registry))
        {
            yield return new ValidationResult($"RegistryEndpoint '{registry}' must be an absolute http(s) URL.", [nameof(RegistryEndpoint)]);
        }

        if (!IsHttp(ServiceUrl))
        {
            yield return new ValidationResult($"ServiceUrl '{ServiceUrl}' must be an absolute http(s) URL.", [nameof(ServiceUrl)]);
        }

        if (Bucket is not null && !S3.BucketNames.IsValid(Bucket))
        {
            yield return new ValidationResult($"Bucket '{Bucket}' is not a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-').", [nameof(Bucket)]);
        }

        if (KeyPrefix.Length > 0 && !S3.ArtifactKeys.IsValidPrefix(KeyPrefix))
        {
            yield return new ValidationResult($"KeyPrefix '{KeyPrefix}' is invalid; use letters, digits, '.', '_', '-' and '/' without '..' or a leading '/'.", [nameof(KeyPrefix)]);
        }

        if (CacheDirectory is not null && string.IsNullOrWhiteSpace(CacheDirectory))
        {
            yield return new ValidationResult("CacheDirectory is blank; remove it to use <DataDirectory>/hippius, or give a folder.", [nameof(CacheDirectory)]);
        }

        if (MaxLayerBytes > MaxModelBytes)
        {
            yield return new ValidationResult("MaxLayerBytes exceeds MaxModelBytes; lower MaxLayerBytes or raise MaxModelBytes.", [nameof(MaxLayerBytes)]);
        }

        if (RegistryEndpoint is null && Bucket is null)
        {
            yield return new ValidationResult("Neither RegistryEndpoint (models) nor Bucket (artifacts) is set; set at least one.", [nameof(RegistryEndpoint), nameof(Bucket)]);
        }
    }

    private static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
