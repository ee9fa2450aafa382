namespace Tournament.Engine.Storage;

/// <summary>One file of a local snapshot.</summary>
/// <param name="RelativePath">The path inside the snapshot, '/'-separated.</param>
/// <param name="FullPath">The file to read (a symbolic link's resolved target, always inside the root).</param>
/// <param name="Length">The size in bytes.</param>
/// <param name="LastWriteUtc">The modification time (for the hash cache).</param>
internal sealed record SnapshotEntry(string RelativePath, string FullPath, long Length, DateTime LastWriteUtc);

/// <summary>A snapshot's files with their SHA-256, and the snapshot's content hash.</summary>
/// <param name="Directory">The snapshot folder.</param>
/// <param name="Files">The files, in content-hash order.</param>
/// <param name="ContentHash">The content hash (64 lower-case hex).</param>
internal sealed record SnapshotManifest(string Directory, IReadOnlyList<HashedFile> Files, string ContentHash)
{
    /// <summary>Finds a file by relative path, or null.</summary>
    /// <param name="relativePath">The relative path.</param>
    public HashedFile? Find(string relativePath) => Files.FirstOrDefault(f => string.Equals(f.Entry.RelativePath, relativePath, StringComparison.Ordinal));
}

/// <summary>A snapshot file with its SHA-256.</summary>
/// <param name="Entry">The file.</param>
/// <param name="Sha256">The 32-byte SHA-256 of the content.</param>
internal sealed record HashedFile(SnapshotEntry Entry, byte[] Sha256)
{
    /// <summary>The SHA-256 as lower-case hex.</summary>
    public string Sha256Hex => Convert.ToHexStringLower(Sha256);
}
