using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>
/// The HuggingFace Hub over its HTTP API: describes a model at a pinned commit, reads safetensors headers with Range
/// requests, downloads verified snapshots into a huggingface_hub-compatible cache, and pins branches to commits.
/// </summary>
[Component("huggingface", Options = typeof(HuggingFaceOptions), Description = "HuggingFace Hub: pinned commits, Range header reads, verified cached downloads.")]
public sealed class HuggingFaceStorage : IStorageBackend
{
    private readonly HuggingFaceOptions options;
    private readonly HubSettings settings;
    private readonly HubClient client;
    private readonly SafetensorsRangeReader headers;
    private readonly SnapshotFetcher fetcher;
    private readonly ConcurrentDictionary<ModelRef, HubModel> described = new();

    /// <summary>Creates the backend.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="httpClientFactory">Provides the <see cref="HuggingFaceModule.HttpClientName"/> client.</param>
    /// <param name="configuration">Supplies HF_TOKEN, HF_ENDPOINT, HF_HUB_CACHE and HF_HOME.</param>
    /// <param name="logger">The logger.</param>
    /// <param name="host">Resolves a relative cache folder.</param>
    public HuggingFaceStorage(
        HuggingFaceOptions options,
        IHttpClientFactory httpClientFactory,
        IConfiguration configuration,
        ILogger<HuggingFaceStorage> logger,
        HostEnvironment? host = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        this.options = options;
        settings = HubSettings.Resolve(options, configuration, host);
        client = new HubClient(httpClientFactory.CreateClient(HuggingFaceModule.HttpClientName), settings, logger);
        headers = new SafetensorsRangeReader(client, options);
        fetcher = new SnapshotFetcher(new FileDownloader(client, options, logger), options, settings.CacheDirectory, logger);
    }

    /// <summary>The revisions this backend serves: a 40-hex git commit sha.</summary>
    public static RevisionForm Revisions { get; } = new(null, 40);

    /// <summary>The cache folder in use.</summary>
    public string CacheDirectory => settings.CacheDirectory;

    /// <summary>The endpoint in use.</summary>
    public Uri Endpoint => settings.Endpoint;

    /// <inheritdoc />
    public bool CanResolve(ModelRef model) =>
        model is not null && ModelRef.IsValidRepo(model.Repo) && Revisions.Matches(model.Revision);

    /// <inheritdoc />
    public async Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken)
    {
        var result = await GetModelAsync(model, useCache: false, cancellationToken).ConfigureAwait(false);
        return result.Select(hub => new ModelDescription(
            model,
            hub.Files.Select(f => new ModelFile(f.Path, f.Size, f.Sha256)).ToList(),
            hub.IsPublic,
            Details(hub)));
    }

    /// <inheritdoc />
    public async Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken)
    {
        var found = await FindAsync(model, path, cancellationToken).ConfigureAwait(false);
        if (!found.IsOk)
        {
            return found.Select(_ => Array.Empty<byte>());
        }

        var file = found.AsT0;
        if (file.Size > maxBytes)
        {
            return StorageResult<byte[]>.Gone($"'{path}' of {model} is {file.Size} bytes; at most {maxBytes} are read.", "oversized");
        }

        var sent = await client.GetAsync(client.ResolveUri(model.Repo, model.Revision, path), null, $"'{path}' of {model}", cancellationToken).ConfigureAwait(false);
        if (!sent.IsOk)
        {
            return sent.Select(_ => Array.Empty<byte>());
        }

        using var response = sent.AsT0;
        byte[]? bytes;
        try
        {
            bytes = await BoundedRead.ReadAsync(response.Message.Content, file.Size, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HubClient.IsTransport(ex, cancellationToken))
        {
            return StorageResult<byte[]>.Defer($"Reading '{path}' of {model} failed ({HubClient.Describe(ex)}).");
        }

        using var verifier = new ContentVerifier(file);
        if (bytes is null || bytes.Length != file.Size)
        {
            return StorageResult<byte[]>.Defer($"The server sent {(bytes is null ? "more" : bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))} bytes for '{path}' of {model}, which is listed as {file.Size} bytes.");
        }

        verifier.Append(bytes);
        var (actual, matches) = verifier.Finish();
        return matches
            ? bytes
            : StorageResult<byte[]>.Defer($"The bytes received for '{path}' of {model} do not match the Hub's {verifier.Algorithm} ({actual}).");
    }

    /// <inheritdoc />
    public async Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken)
    {
        var found = await FindAsync(model, path, cancellationToken).ConfigureAwait(false);
        return found.IsOk
            ? await headers.ReadAsync(model, found.AsT0, cancellationToken).ConfigureAwait(false)
            : found.Select<SafetensorsHeader>(_ => null!);
    }

    /// <inheritdoc />
    public async Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var result = await GetModelAsync(model, useCache: true, cancellationToken).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return result.Select<LocalSnapshot>(_ => null!);
        }

        var hub = result.AsT0;
        var files = new List<HubFile>();
        foreach (var path in request.Files ?? hub.Files.Select(f => f.Path).ToList())
        {
            if (hub.Find(path) is not { } file)
            {
                return StorageResult<LocalSnapshot>.Gone($"'{RepoPaths.Printable(path)}' does not exist in {model}.");
            }

            if (file.Size > options.MaxFileBytes)
            {
                return StorageResult<LocalSnapshot>.Gone($"'{path}' of {model} is {file.Size} bytes; the limit is {options.MaxFileBytes} (Components:huggingface:MaxFileBytes).", "oversized");
            }

            files.Add(file);
        }

        try
        {
            return await fetcher.FetchAsync(model, hub, files, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            return StorageResult<LocalSnapshot>.Defer($"The cache folder {settings.CacheDirectory} could not be written for {model}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            return StorageResult<LocalSnapshot>.Defer($"The cache folder {settings.CacheDirectory} is not writable for {model}: {ex.Message}");
        }
    }

    /// <inheritdoc />
    public async Task<StorageResult<ModelRef>> PinAsync(string repo, string? reference, CancellationToken cancellationToken)
    {
        if (!ModelRef.IsValidRepo(repo))
        {
            return StorageResult<ModelRef>.Gone($"'{RepoPaths.Printable(repo ?? "")}' is not a valid repository id; expected owner/name.", ReasonCodes.BadCommitment);
        }

        if (reference is not null && !RepoPaths.IsSafeReference(reference))
        {
            return StorageResult<ModelRef>.Gone($"'{RepoPaths.Printable(reference)}' is not a valid branch or tag name.", ReasonCodes.BadCommitment);
        }

        var result = await GetInfoAsync(repo, reference, cancellationToken).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return result.Select<ModelRef>(_ => null!);
        }

        var pinned = new ModelRef(repo, result.AsT0.Sha);
        if (reference is not null && !Revisions.Matches(reference))
        {
            try
            {
                var layout = new HubCacheLayout(settings.CacheDirectory, repo);
                var refPath = layout.RefPath(reference);
                layout.EnsureRealDirectory(Path.GetDirectoryName(refPath)!);
                await File.WriteAllTextAsync(refPath, pinned.Revision, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
                // The ref file is a convenience for huggingface_hub users; pinning does not depend on it.
            }
        }

        return pinned;
    }

    private async Task<StorageResult<HubFile>> FindAsync(ModelRef model, string path, CancellationToken cancellationToken)
    {
        if (!RepoPaths.IsSafeRelativePath(path))
        {
            return StorageResult<HubFile>.Gone($"'{RepoPaths.Printable(path ?? "")}' is not a safe relative path.", ModelInfoParser.UnsafePath);
        }

        var result = await GetModelAsync(model, useCache: true, cancellationToken).ConfigureAwait(false);
        return result.IsOk
            ? result.AsT0.Find(path) is { } file ? file : StorageResult<HubFile>.Gone($"'{path}' does not exist in {model}.")
            : result.Select<HubFile>(_ => null!);
    }

    private async Task<StorageResult<HubModel>> GetModelAsync(ModelRef model, bool useCache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!CanResolve(model))
        {
            return StorageResult<HubModel>.Gone($"{model} is not a HuggingFace reference (owner/name@<40-hex commit>).", ReasonCodes.UnsupportedStorage);
        }

        if (useCache && described.TryGetValue(model, out var cached))
        {
            return cached;
        }

        var result = await GetInfoAsync(model.Repo, model.Revision, cancellationToken).ConfigureAwait(false);
        if (!result.IsOk)
        {
            return result;
        }

        var hub = result.AsT0;
        if (!string.Equals(hub.Sha, model.Revision, StringComparison.OrdinalIgnoreCase))
        {
            return StorageResult<HubModel>.Gone($"The Hub answers {model} with commit {hub.Sha}: the pinned revision is not served.");
        }

        described[model] = hub;
        return hub;
    }

    private async Task<StorageResult<HubModel>> GetInfoAsync(string repo, string? revision, CancellationToken cancellationToken)
    {
        var what = revision is null ? repo : $"{repo}@{revision}";
        var sent = await client.GetAsync(client.ApiUri(repo, revision), null, $"the model info of {what}", cancellationToken).ConfigureAwait(false);
        if (!sent.IsOk)
        {
            return sent.Select<HubModel>(_ => null!);
        }

        using var response = sent.AsT0;
        byte[]? json;
        try
        {
            json = await BoundedRead.ReadAsync(response.Message.Content, options.MaxMetadataBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (HubClient.IsTransport(ex, cancellationToken))
        {
            return StorageResult<HubModel>.Defer($"Reading the model info of {what} failed ({HubClient.Describe(ex)}).");
        }

        if (json is null)
        {
            return StorageResult<HubModel>.Gone($"The model info of {what} exceeds {options.MaxMetadataBytes} bytes.", "too-many-files");
        }

        var parsed = ModelInfoParser.Parse(json, repo, options.MaxFiles);
        if (parsed.IsOk && parsed.AsT0.Disabled)
        {
            return StorageResult<HubModel>.Gone($"{what} has been disabled on the Hub.");
        }

        return parsed;
    }

    private static Dictionary<string, string> Details(HubModel hub)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = hub.Id,
            ["sha"] = hub.Sha,
            ["private"] = hub.Private ? "true" : "false",
            ["gated"] = hub.Gated,
            ["disabled"] = hub.Disabled ? "true" : "false",
        };
        if (hub.LastModified is not null)
        {
            details["lastModified"] = hub.LastModified;
        }

        return details;
    }
}
