namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>One file listed by the model API (a sibling).</summary>
/// <param name="Path">The validated relative path.</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="BlobId">The git blob id (40 hex) when given.</param>
/// <param name="Sha256">The LFS SHA-256 (64 hex) for LFS files, else null.</param>
internal sealed record HubFile(string Path, long Size, string? BlobId, string? Sha256)
{
    public bool IsLfs => Sha256 is not null;

    /// <summary>The blob name in the cache, as huggingface_hub names it: the SHA-256 for LFS files, else the git blob id.</summary>
    public string? CacheEtag => Sha256 ?? BlobId;
}

/// <summary>The model API's answer for one revision.</summary>
internal sealed record HubModel(
    string Id,
    string Sha,
    bool Private,
    string Gated,
    bool Disabled,
    string? LastModified,
    IReadOnlyList<HubFile> Files)
{
    public bool IsPublic => !Private && Gated == "false";

    public HubFile? Find(string path) => Files.FirstOrDefault(f => string.Equals(f.Path, path, StringComparison.Ordinal));
}
