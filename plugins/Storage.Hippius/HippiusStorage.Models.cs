using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius.Registry;

namespace Tournament.Plugins.Storage.Hippius;

internal sealed partial class HippiusStorage
{
    /// <inheritdoc />
    public Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken) =>
        RunAsync(model, async ct =>
        {
            var (manifest, _) = await ManifestAsync(model, ct).ConfigureAwait(false);
            return new ModelDescription(
                model,
                manifest.Layers.Select(l => new ModelFile(l.Path, l.Size, l.Sha256Hex)).ToList(),
                IsPublic: true,
                new Dictionary<string, string>
                {
                    ["backend"] = "hippius",
                    ["registry"] = _options.RegistryEndpoint!.AbsoluteUri,
                    ["manifest"] = manifest.Digest,
                    ["bytes"] = manifest.TotalSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
        }, cancellationToken);

    /// <inheritdoc />
    public Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken) =>
        RunAsync(model, async ct =>
        {
            var (manifest, _) = await ManifestAsync(model, ct).ConfigureAwait(false);
            var layer = Layer(model, manifest, path);
            if (layer.Size > maxBytes)
            {
                throw StorageFailure.Disqualify(HippiusReasonCodes.Oversized, $"The file '{layer.Path}' of {model} is {layer.Size} bytes; at most {maxBytes} are accepted.");
            }

            await EnsureBlobAsync(model, layer, NullProgressReporter.Instance, ct).ConfigureAwait(false);
            return await File.ReadAllBytesAsync(_cache.BlobPath(model, layer), ct).ConfigureAwait(false);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken) =>
        RunAsync(model, async ct =>
        {
            var (manifest, _) = await ManifestAsync(model, ct).ConfigureAwait(false);
            var layer = Layer(model, manifest, path);
            try
            {
                if (_cache.HasBlob(model, layer))
                {
                    var stream = File.OpenRead(_cache.BlobPath(model, layer));
                    await using (stream.ConfigureAwait(false))
                    {
                        return await SafetensorsHeader.ReadAsync(stream, layer.Size, $"{model}/{layer.Path}", ct).ConfigureAwait(false);
                    }
                }

                return await _registry!.ReadSafetensorsHeaderAsync(model, layer, ct).ConfigureAwait(false);
            }
            catch (SafetensorsFormatException ex)
            {
                throw StorageFailure.Disqualify(HippiusReasonCodes.HeaderIntegrity, ex.Message);
            }
        }, cancellationToken);

    /// <inheritdoc />
    public Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken) =>
        RunAsync(model, async ct =>
        {
            ArgumentNullException.ThrowIfNull(request);
            ArgumentNullException.ThrowIfNull(progress);
            var (manifest, bytes) = await ManifestAsync(model, ct).ConfigureAwait(false);
            var layers = request.Files is null ? manifest.Layers : request.Files.Select(f => Layer(model, manifest, f)).Distinct().ToList();
            using var task = progress.Start($"hippius: {model.Repo}", layers.Where(l => !_cache.HasBlob(model, l)).Sum(l => (double)l.Size), "bytes");
            var files = new List<ModelFile>(layers.Count);
            foreach (var layer in layers)
            {
                await EnsureBlobAsync(model, layer, task, ct).ConfigureAwait(false);
                _cache.Link(model, layer);
                files.Add(new ModelFile(layer.Path, layer.Size, layer.Sha256Hex));
            }

            _cache.SaveManifest(model, bytes);
            return new LocalSnapshot(model, _cache.SnapshotFolder(model), files);
        }, cancellationToken);

    private async Task EnsureBlobAsync(ModelRef model, OciLayer layer, IProgressTask progress, CancellationToken cancellationToken)
    {
        if (_cache.HasBlob(model, layer))
        {
            return;
        }

        var temp = _cache.TempBlobPath(model, layer);
        try
        {
            await _registry!.DownloadBlobAsync(model, layer, temp, progress, cancellationToken).ConfigureAwait(false);
            _cache.CommitBlob(model, layer, temp);
            LogFetched(model, layer.Path, layer.Size);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private Task<(OciManifest Manifest, byte[] Bytes)> ManifestAsync(ModelRef model, CancellationToken cancellationToken) =>
        _registry is null
            ? throw StorageFailure.Transient("Hippius serves no models: set Components:hippius:RegistryEndpoint.")
            : _registry.GetManifestAsync(model, cancellationToken);

    private static OciLayer Layer(ModelRef model, OciManifest manifest, string path) =>
        manifest.Find(path) ?? throw StorageFailure.Disqualify(HippiusReasonCodes.MissingFile, $"{model} has no file '{OciManifest.Shorten(path)}'.");

    private async Task<StorageResult<T>> RunAsync<T>(ModelRef model, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Revisions.Matches(model.Revision))
        {
            return StorageResult<T>.Gone($"{model} is not pinned by a sha256 digest; Hippius serves only repo@sha256:<64 hex>.", ReasonCodes.UnsupportedStorage);
        }

        try
        {
            return await action(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageFailure failure)
        {
            LogFailure(model, failure.ReasonCode ?? "deferred", failure.Message);
            return failure.ToResult<T>();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetched {Model} {Path} ({Bytes} bytes, verified)")]
    private partial void LogFetched(ModelRef model, string path, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Hippius {Model}: {Outcome}: {Message}")]
    private partial void LogFailure(ModelRef model, string outcome, string message);
}
