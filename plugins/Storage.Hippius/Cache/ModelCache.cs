using Tournament.Abstractions;
using Tournament.Plugins.Storage.Hippius.Registry;

namespace Tournament.Plugins.Storage.Hippius.Cache;

/// <summary>
/// The model cache, laid out like huggingface_hub's:
/// <c>&lt;root&gt;/models--&lt;owner&gt;--&lt;name&gt;/blobs/&lt;sha256 hex&gt;</c> (verified content, named by digest),
/// <c>manifests/&lt;sha256 hex&gt;.json</c> (the manifest bytes) and
/// <c>snapshots/&lt;manifest sha256 hex&gt;/&lt;path&gt;</c> (symbolic links to the blobs, or copies where links are
/// unavailable). A blob enters <c>blobs/</c> only after its size and digest were verified (written to a temporary
/// file first, then moved), so a bad download never stays in the cache.
/// </summary>
internal sealed class ModelCache
{
    public ModelCache(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string RepoFolder(ModelRef model) => Path.Combine(Root, "models--" + model.Repo.Replace("/", "--", StringComparison.Ordinal));

    public string BlobPath(ModelRef model, OciLayer layer) => Path.Combine(RepoFolder(model), "blobs", layer.Sha256Hex);

    public string SnapshotFolder(ModelRef model) => Path.Combine(RepoFolder(model), "snapshots", model.Revision[7..]);

    public string ManifestPath(ModelRef model) => Path.Combine(RepoFolder(model), "manifests", model.Revision[7..] + ".json");

    /// <summary>True when the blob is cached with the size the manifest gives (its digest was verified when it entered).</summary>
    public bool HasBlob(ModelRef model, OciLayer layer)
    {
        var info = new FileInfo(BlobPath(model, layer));
        return info.Exists && info.LinkTarget is null && info.Length == layer.Size;
    }

    /// <summary>A fresh temporary path beside the blobs, on the same volume so the final move is atomic.</summary>
    public string TempBlobPath(ModelRef model, OciLayer layer)
    {
        var folder = Path.Combine(RepoFolder(model), "blobs");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"{layer.Sha256Hex}.{Guid.NewGuid():N}.incomplete");
    }

    public void CommitBlob(ModelRef model, OciLayer layer, string tempPath) => File.Move(tempPath, BlobPath(model, layer), overwrite: true);

    public void SaveManifest(ModelRef model, byte[] bytes)
    {
        var path = ManifestPath(model);
        if (File.Exists(path))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".incomplete";
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Places a verified blob at its path in the manifest's snapshot folder; the path must stay inside it.</summary>
    public string Link(ModelRef model, OciLayer layer)
    {
        var snapshot = Path.GetFullPath(SnapshotFolder(model));
        var target = Path.GetFullPath(Path.Combine(snapshot, layer.Path));
        if (!target.StartsWith(snapshot + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The path '{layer.Path}' resolves outside the snapshot folder.");
        }

        var blob = BlobPath(model, layer);
        var existing = new FileInfo(target);
        if (existing.Exists || existing.LinkTarget is not null)
        {
            if (existing.LinkTarget is not null && Path.GetFullPath(existing.LinkTarget, existing.DirectoryName!) == blob)
            {
                return target;
            }

            existing.Delete();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.CreateSymbolicLink(target, Path.GetRelativePath(Path.GetDirectoryName(target)!, blob));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blob, target, overwrite: true);
        }

        return target;
    }
}
