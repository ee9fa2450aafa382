namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>
/// The huggingface_hub cache layout: <c>models--owner--name/blobs/&lt;etag&gt;</c> (content, named by SHA-256 for LFS files
/// and git blob id otherwise), <c>snapshots/&lt;commit&gt;/&lt;path&gt;</c> (relative symlinks to blobs) and
/// <c>refs/&lt;branch&gt;</c> (the commit a branch pointed to). Every path is checked to stay inside the repository folder.
/// </summary>
internal sealed class HubCacheLayout
{
    public HubCacheLayout(string cacheDirectory, string repo)
    {
        RepoDirectory = Path.GetFullPath(Path.Combine(cacheDirectory, "models--" + repo.Replace("/", "--", StringComparison.Ordinal)));
        BlobsDirectory = Path.Combine(RepoDirectory, "blobs");
    }

    public string RepoDirectory { get; }

    public string BlobsDirectory { get; }

    public string SnapshotDirectory(string commit) => Inside(Path.Combine(RepoDirectory, "snapshots", commit));

    public string BlobPath(string etag) => Inside(Path.Combine(BlobsDirectory, etag));

    public string SnapshotFile(string commit, string relativePath) => Inside(Path.Combine(SnapshotDirectory(commit), relativePath));

    public string RefPath(string reference) => Inside(Path.Combine(RepoDirectory, "refs", reference));

    /// <summary>True when the entry for the file already resolves to a complete blob of the expected name inside this repository's blobs.</summary>
    public bool TryReuse(string snapshotFile, string etag, long size)
    {
        var info = new FileInfo(snapshotFile);
        if (!info.Exists)
        {
            return false;
        }

        var target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
        if (target is not FileInfo blob || !blob.Exists || blob.Length != size)
        {
            return false;
        }

        return string.Equals(Path.GetFullPath(blob.FullName), BlobPath(etag), StringComparison.Ordinal);
    }

    /// <summary>Points the snapshot entry at the blob with a relative symlink, replacing whatever was there.</summary>
    public void Link(string snapshotFile, string blobPath)
    {
        var directory = Path.GetDirectoryName(snapshotFile)!;
        EnsureRealDirectory(directory);
        if (File.Exists(snapshotFile) || new FileInfo(snapshotFile).LinkTarget is not null)
        {
            File.Delete(snapshotFile);
        }

        File.CreateSymbolicLink(snapshotFile, Path.GetRelativePath(directory, blobPath));
    }

    /// <summary>Creates a directory inside the repository folder, refusing any symlinked ancestor that could lead out of it.</summary>
    public void EnsureRealDirectory(string directory)
    {
        var full = Inside(directory);
        var relative = Path.GetRelativePath(RepoDirectory, full);
        var current = RepoDirectory;
        Directory.CreateDirectory(RepoDirectory);
        foreach (var part in relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null || File.Exists(current))
            {
                throw new IOException($"The cache entry '{current}' is a link or a file where a folder belongs; delete it.");
            }

            info.Create();
        }
    }

    private string Inside(string path)
    {
        var full = Path.GetFullPath(path);
        if (!full.StartsWith(RepoDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new IOException($"'{path}' would leave the cache folder {RepoDirectory}.");
        }

        return full;
    }
}
