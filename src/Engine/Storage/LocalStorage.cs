using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Common;

namespace Tournament.Engine.Storage;

/// <summary>
/// The embedded storage backend: a folder of snapshots <c>&lt;Root&gt;/&lt;owner&gt;/&lt;name&gt;/…</c>. A snapshot's
/// revision is its content hash (<see cref="SnapshotHasher"/>); every read checks that the folder still hashes to the
/// pinned revision, so a folder edited after the commitment is treated as a moved revision.
/// </summary>
[Component("local", Options = typeof(LocalStorageOptions), Description = "Model snapshots in a local folder, pinned by content hash; artifacts to a local folder.")]
internal sealed partial class LocalStorage : IStorageBackend
{
    /// <summary>The reason code for a file the caller asked for that the snapshot lacks.</summary>
    public const string MissingFileCode = "missing-file";

    /// <summary>The reason code for a file over the size limit.</summary>
    public const string OversizedCode = "oversized";

    /// <summary>The reason code for a malformed safetensors header.</summary>
    public const string HeaderIntegrityCode = "header-integrity";

    private readonly LocalStorageOptions _options;
    private readonly ILogger<LocalStorage> _logger;
    private readonly SnapshotHasher _hasher = new();

    /// <summary>Creates the backend.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="environment">The host environment (paths).</param>
    /// <param name="logger">The logger.</param>
    public LocalStorage(LocalStorageOptions options, HostEnvironment environment, ILogger<LocalStorage> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _options = options;
        _logger = logger;
        Root = environment.ResolvePath(options.Root ?? throw new ArgumentException("Components:local:Root is required.", nameof(options)));
        ArtifactsRoot = DataPaths.Resolve(environment, options.ArtifactsPath, "artifacts");
    }

    /// <summary>The revisions this backend serves: a snapshot's 64-hex content hash.</summary>
    public static RevisionForm Revisions { get; } = new(null, 64);

    /// <summary>The snapshot root as configured (resolved to an absolute path).</summary>
    public string Root { get; }

    /// <summary>The artifacts folder.</summary>
    public string ArtifactsRoot { get; }

    /// <inheritdoc />
    public bool CanResolve(ModelRef model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Revisions.Matches(model.Revision);
    }

    /// <inheritdoc />
    public async Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var manifest = await PinnedManifestAsync(model, verify: false, NullProgressReporter.Instance, cancellationToken).ConfigureAwait(false);
        return manifest.Select(m => new ModelDescription(
            model,
            m.Files.Select(f => new ModelFile(f.Entry.RelativePath, f.Entry.Length, f.Sha256Hex)).ToList(),
            IsPublic: true,
            new Dictionary<string, string> { ["backend"] = "local", ["folder"] = m.Directory }));
    }

    /// <inheritdoc />
    public async Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = await PinnedFileAsync(model, path, cancellationToken).ConfigureAwait(false);
        if (!found.IsOk)
        {
            return found.Select(_ => Array.Empty<byte>());
        }

        var file = found.AsT0;
        var limit = Math.Min(maxBytes, _options.MaxFileBytes);
        if (file.Entry.Length > limit)
        {
            return StorageResult<byte[]>.Gone($"'{path}' of {model} is {file.Entry.Length} bytes; at most {limit} are read.", OversizedCode);
        }

        var bytes = new byte[file.Entry.Length];
        var stream = new FileStream(file.Entry.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            var read = await stream.ReadAtLeastAsync(bytes, bytes.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            var extra = await stream.ReadAsync(new byte[1], cancellationToken).ConfigureAwait(false);
            if (read != bytes.Length || extra != 0 || !System.Security.Cryptography.SHA256.HashData(bytes).AsSpan().SequenceEqual(file.Sha256))
            {
                return StorageResult<byte[]>.Gone($"'{path}' of {model} changed after it was hashed; the folder changed after the commitment; revision moved.");
            }
        }

        return bytes;
    }

    /// <inheritdoc />
    public async Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        var found = await PinnedFileAsync(model, path, cancellationToken).ConfigureAwait(false);
        if (!found.IsOk)
        {
            return found.Select(_ => (SafetensorsHeader)null!);
        }

        var file = found.AsT0;
        var stream = new FileStream(file.Entry.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            try
            {
                return await SafetensorsHeader.ReadAsync(stream, file.Entry.Length, $"{model.Repo}/{path}", cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException ex)
            {
                return StorageResult<SafetensorsHeader>.Gone(ex.Message, HeaderIntegrityCode);
            }
            catch (EndOfStreamException ex)
            {
                return StorageResult<SafetensorsHeader>.Gone($"{model.Repo}/{path}: {ex.Message}", HeaderIntegrityCode);
            }
        }
    }

    /// <inheritdoc />
    public async Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(progress);
        var unsafePath = request.Files?.FirstOrDefault(f => !SafePaths.IsSafeRelativePath(f));
        if (unsafePath is not null)
        {
            return StorageResult<LocalSnapshot>.Gone($"Requested file '{unsafePath}' is not a safe relative path.", SnapshotScanner.UnsafeCode);
        }

        var manifest = await PinnedManifestAsync(model, verify: true, progress, cancellationToken).ConfigureAwait(false);
        if (!manifest.IsOk)
        {
            return manifest.Select(_ => (LocalSnapshot)null!);
        }

        var m = manifest.AsT0;
        var files = new List<ModelFile>();
        foreach (var wanted in request.Files ?? m.Files.Select(f => f.Entry.RelativePath).ToList())
        {
            if (m.Find(wanted) is not { } file)
            {
                return StorageResult<LocalSnapshot>.Gone($"{model} has no file '{wanted}'.", MissingFileCode);
            }

            files.Add(new ModelFile(file.Entry.RelativePath, file.Entry.Length, file.Sha256Hex));
        }

        return new LocalSnapshot(model, m.Directory, files);
    }

    /// <inheritdoc />
    public async Task<StorageResult<ModelRef>> PinAsync(string repo, string? reference, CancellationToken cancellationToken)
    {
        if (reference is not null)
        {
            return StorageResult<ModelRef>.Gone($"Local storage has no branches or tags ('{reference}'); pin '{repo}' without a reference to use the folder as it is now.", ReasonCodes.BadCommitment);
        }

        var manifest = await ManifestAsync(repo, verify: true, NullProgressReporter.Instance, cancellationToken).ConfigureAwait(false);
        return manifest.Select(m => new ModelRef(repo, m.ContentHash));
    }

    /// <inheritdoc />
    public async Task<StorageResult<ArtifactLocation>> PublishAsync(Artifact artifact, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArtifactKeys.Validate(artifact.Key);
        var target = Path.GetFullPath(Path.Combine(ArtifactsRoot, artifact.Key));
        if (!SafePaths.IsInside(ArtifactsRoot, target) || target == ArtifactsRoot)
        {
            throw new ArgumentException($"Artifact key '{artifact.Key}' resolves outside {ArtifactsRoot}.", nameof(artifact));
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            await File.WriteAllBytesAsync(temporary, artifact.Content, cancellationToken).ConfigureAwait(false);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogPublished(_logger, artifact.Key, target);
        }

        return new ArtifactLocation(target);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Published artifact {Key} to {Path}")]
    private static partial void LogPublished(ILogger logger, string key, string path);
}
