using Tournament.Abstractions;

namespace Tournament.Engine.Storage;

/// <content>Locating, scanning and hashing snapshot folders.</content>
internal sealed partial class LocalStorage
{
    private async Task<StorageResult<HashedFile>> PinnedFileAsync(ModelRef model, string path, CancellationToken cancellationToken)
    {
        if (!SafePaths.IsSafeRelativePath(path))
        {
            return StorageResult<HashedFile>.Gone($"'{path}' is not a safe relative path inside {model}.", SnapshotScanner.UnsafeCode);
        }

        var manifest = await PinnedManifestAsync(model, verify: false, NullProgressReporter.Instance, cancellationToken).ConfigureAwait(false);
        if (!manifest.IsOk)
        {
            return manifest.Select(_ => (HashedFile)null!);
        }

        return manifest.AsT0.Find(path) is { } file
            ? file
            : StorageResult<HashedFile>.Gone($"{model} has no file '{path}'.", MissingFileCode);
    }

    private async Task<StorageResult<SnapshotManifest>> PinnedManifestAsync(ModelRef model, bool verify, IProgressReporter progress, CancellationToken cancellationToken)
    {
        if (!CanResolve(model))
        {
            return StorageResult<SnapshotManifest>.Gone($"'{model.Revision}' is not a local content hash (64 hex digits).", ReasonCodes.UnsupportedStorage);
        }

        var manifest = await ManifestAsync(model.Repo, verify, progress, cancellationToken).ConfigureAwait(false);
        if (manifest.IsOk && !string.Equals(manifest.AsT0.ContentHash, model.Revision, StringComparison.Ordinal))
        {
            return StorageResult<SnapshotManifest>.Gone(
                $"Local snapshot '{model.Repo}' now hashes to {manifest.AsT0.ContentHash}, not the pinned {model.Revision}: the folder changed after the commitment; revision moved.");
        }

        return manifest;
    }

    private async Task<StorageResult<SnapshotManifest>> ManifestAsync(string repo, bool verify, IProgressReporter progress, CancellationToken cancellationToken)
    {
        if (!ModelRef.IsValidRepo(repo))
        {
            return StorageResult<SnapshotManifest>.Gone($"'{repo}' is not a valid repository id; expected owner/name using letters, digits, '.', '_' and '-'.", ReasonCodes.BadCommitment);
        }

        if (!Directory.Exists(Root))
        {
            return StorageResult<SnapshotManifest>.Defer($"The local storage root '{Root}' does not exist; create it or fix Components:local:Root.");
        }

        try
        {
            var root = SafePaths.RealPath(Root);
            var folder = Path.Combine(root, repo.Replace('/', Path.DirectorySeparatorChar));
            if (!Directory.Exists(folder))
            {
                return StorageResult<SnapshotManifest>.Gone($"Local snapshot folder '{repo}' does not exist under the storage root.");
            }

            var real = SafePaths.RealPath(folder);
            if (!SafePaths.IsInside(root, real))
            {
                return StorageResult<SnapshotManifest>.Gone($"Local snapshot '{repo}' is a symbolic link to a path outside the storage root; local storage refuses to read it.", SnapshotScanner.UnsafeCode);
            }

            var scan = SnapshotScanner.Scan(root, real, repo);
            if (!scan.IsOk)
            {
                return scan.Select(_ => (SnapshotManifest)null!);
            }

            var entries = scan.AsT0;
            using var task = progress.Start($"local: hashing {repo}", entries.Sum(e => e.Length), "bytes");
            return await _hasher.HashAsync(real, entries, verify, task, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return StorageResult<SnapshotManifest>.Gone($"Local snapshot '{repo}' changed while it was being read ({ex.Message}); the revision moved.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return StorageResult<SnapshotManifest>.Defer($"Local snapshot '{repo}' could not be read: {ex.Message}");
        }
    }
}
