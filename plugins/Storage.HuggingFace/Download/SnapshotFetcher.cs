using Microsoft.Extensions.Logging;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>Fetches selected files of a pinned revision into the cache in parallel, reusing what is already there.</summary>
internal sealed partial class SnapshotFetcher(FileDownloader downloader, HuggingFaceOptions options, string cacheDirectory, ILogger logger)
{
    public async Task<StorageResult<LocalSnapshot>> FetchAsync(
        ModelRef model, HubModel hub, IReadOnlyList<HubFile> files, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var layout = new HubCacheLayout(cacheDirectory, model.Repo);
        var snapshot = layout.SnapshotDirectory(model.Revision);
        layout.EnsureRealDirectory(snapshot);
        layout.EnsureRealDirectory(layout.BlobsDirectory);

        var pending = new List<HubFile>();
        foreach (var file in files)
        {
            if (file.CacheEtag is not { } etag)
            {
                return StorageResult<LocalSnapshot>.Defer($"The Hub gave neither a blob id nor an LFS hash for '{file.Path}' of {model}; it cannot be verified.");
            }

            var entry = layout.SnapshotFile(model.Revision, file.Path);
            if (layout.TryReuse(entry, etag, file.Size))
            {
                continue;
            }

            var blob = layout.BlobPath(etag);
            if (File.Exists(blob) && new FileInfo(blob) is { LinkTarget: null, Length: var length } && length == file.Size)
            {
                layout.Link(entry, blob);
                continue;
            }

            pending.Add(file);
        }

        var total = pending.Sum(f => f.Size);
        LogFetch(logger, model, files.Count, pending.Count, total);
        using var task = progress.Start($"huggingface: {model.Repo}", Math.Max(total, 1), "bytes");
        var gate = new object();
        void Advance(long bytes)
        {
            lock (gate)
            {
                task.Advance(bytes);
            }
        }

        // Two files with the same content share a blob: download it once.
        var failures = new System.Collections.Concurrent.ConcurrentBag<StorageResult<LocalSnapshot>>();
        var byBlob = pending.GroupBy(f => f.CacheEtag!, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(
            byBlob,
            new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrentDownloads, CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                var first = group.First();
                var blob = layout.BlobPath(group.Key);
                var result = await downloader.DownloadAsync(model, first, blob, Advance, ct).ConfigureAwait(false);
                if (!result.IsOk)
                {
                    failures.Add(result.Select<LocalSnapshot>(_ => null!));
                    return;
                }

                foreach (var file in group)
                {
                    layout.Link(layout.SnapshotFile(model.Revision, file.Path), blob);
                }
            }).ConfigureAwait(false);

        // A disqualification (the model is gone) outranks a deferral.
        var failure = failures.OrderBy(f => f.IsT1 ? 0 : 1).FirstOrDefault();
        if (failure is not null)
        {
            return failure;
        }

        var described = files.Select(f => new ModelFile(f.Path, f.Size, f.Sha256)).ToList();
        return new LocalSnapshot(model, snapshot, described);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "HuggingFace: {Model}: {Files} files requested, {Pending} to download ({Bytes} bytes)")]
    private static partial void LogFetch(ILogger logger, ModelRef model, int files, int pending, long bytes);
}
