using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius.Cache;
using Tournament.Plugins.Storage.Hippius.Registry;
using Tournament.Plugins.Storage.Hippius.S3;

namespace Tournament.Plugins.Storage.Hippius;

/// <summary>
/// Hippius storage, both roles in one component: models pinned by <c>sha256:</c> manifest digest from an OCI registry
/// (<see cref="HippiusOptions.RegistryEndpoint"/>), and artifacts on the S3-compatible endpoint
/// (<see cref="HippiusOptions.Bucket"/>). Either role is off when its setting is absent.
/// </summary>
[Component("hippius", Options = typeof(HippiusOptions), Description = "Hippius: models by sha256 manifest digest from an OCI registry; artifacts on S3 (s3.hippius.com).")]
internal sealed partial class HippiusStorage : IStorageBackend, IDisposable
{
    /// <summary>The name of the HTTP client used for the registry.</summary>
    public const string HttpClientName = "hippius";

    private readonly HippiusOptions _options;
    private readonly ILogger<HippiusStorage> _logger;
    private readonly RegistryClient? _registry;
    private readonly S3ArtifactStore? _artifacts;
    private readonly ModelCache _cache;

    /// <summary>Creates the backend; credentials come from the process environment.</summary>
    public HippiusStorage(HippiusOptions options, HostEnvironment environment, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<HippiusStorage> logger)
        : this(options, environment, httpClientFactory, time, logger, new ProcessEnvironment())
    {
    }

    internal HippiusStorage(HippiusOptions options, HostEnvironment environment, IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<HippiusStorage> logger, IEnvironmentReader variables)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _options = options;
        _logger = logger;
        var credentials = HippiusCredentials.From(variables);
        _cache = new ModelCache(options.CacheDirectory is null
            ? Path.Combine(environment.DataDirectory, "hippius")
            : environment.ResolvePath(options.CacheDirectory));
        if (options.RegistryEndpoint is { } endpoint)
        {
            var http = httpClientFactory.CreateClient(HttpClientName);
            var auth = new RegistryAuthenticator(http, credentials, TimeSpan.FromSeconds(options.RequestTimeoutSeconds), time);
            _registry = new RegistryClient(http, endpoint, options, auth, time, logger);
        }

        if (options.Bucket is not null)
        {
            _artifacts = new S3ArtifactStore(options, credentials, logger);
        }

        LogCreated(options.RegistryEndpoint?.AbsoluteUri ?? "(none)", options.Bucket ?? "(none)", credentials);
    }

    /// <summary>The revisions this backend serves: an OCI digest <c>sha256:&lt;64 hex&gt;</c>.</summary>
    public static RevisionForm Revisions { get; } = new("sha256", 64);

    /// <summary>The cache folder.</summary>
    public string CacheRoot => _cache.Root;

    /// <inheritdoc />
    public bool CanResolve(ModelRef model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _registry is not null && Revisions.Matches(model.Revision);
    }

    /// <inheritdoc />
    public Task<StorageResult<ArtifactLocation>> PublishAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        return _artifacts is null
            ? Task.FromResult(StorageResult<ArtifactLocation>.Defer("Hippius publishes no artifacts: set Components:hippius:Bucket."))
            : _artifacts.PublishAsync(artifact, cancellationToken);
    }

    /// <summary>Reads a published artifact back (reports, tests): its bytes and content type.</summary>
    internal Task<StorageResult<(byte[] Content, string ContentType)>> ReadArtifactAsync(string key, long maxBytes, CancellationToken cancellationToken) =>
        _artifacts is null
            ? Task.FromResult(StorageResult<(byte[], string)>.Defer("Hippius reads no artifacts: set Components:hippius:Bucket."))
            : _artifacts.ReadAsync(key, maxBytes, cancellationToken);

    /// <inheritdoc />
    public void Dispose() => _artifacts?.Dispose();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Hippius storage: registry {Registry}, bucket {Bucket}, {Credentials}")]
    private partial void LogCreated(string registry, string bucket, HippiusCredentials credentials);
}
