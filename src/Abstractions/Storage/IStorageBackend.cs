namespace Tournament.Abstractions;

/// <summary>One file of a model at its pinned revision.</summary>
/// <param name="Path">The relative path with '/' separators (validated: no traversal, not absolute).</param>
/// <param name="Size">The size in bytes.</param>
/// <param name="Sha256">The SHA-256 of the content (lower-case hex) when the backend knows it (LFS files), else null.</param>
public sealed record ModelFile(string Path, long Size, string? Sha256);

/// <summary>A model's description at its pinned revision: the input to Metadata-stage checks.</summary>
/// <param name="Model">The model reference, pinned.</param>
/// <param name="Files">The files at that revision.</param>
/// <param name="IsPublic">False when the model is private or gated.</param>
/// <param name="Details">Backend-specific facts (last modified, commit message, …).</param>
public sealed record ModelDescription(
    ModelRef Model,
    IReadOnlyList<ModelFile> Files,
    bool IsPublic,
    IReadOnlyDictionary<string, string> Details);

/// <summary>Which files to fetch.</summary>
/// <param name="Files">Relative paths to fetch; null fetches every file.</param>
public sealed record FetchRequest(IReadOnlyList<string>? Files = null)
{
    /// <summary>Fetch every file.</summary>
    public static FetchRequest All { get; } = new();
}

/// <summary>A model's verified files on local disk.</summary>
/// <param name="Model">The model reference.</param>
/// <param name="Directory">The folder holding the files at their relative paths.</param>
/// <param name="Files">The files present.</param>
public sealed record LocalSnapshot(ModelRef Model, string Directory, IReadOnlyList<ModelFile> Files)
{
    /// <summary>The absolute path of a relative file.</summary>
    /// <param name="relativePath">The relative path.</param>
    public string PathOf(string relativePath) => System.IO.Path.Combine(Directory, relativePath);
}

/// <summary>Where an artifact was published.</summary>
/// <param name="Uri">A URI or path a person can open.</param>
public sealed record ArtifactLocation(string Uri);

/// <summary>
/// A model store (and, optionally, an artifact store). Failures the miner caused (not found, private, gated,
/// revision moved) are <see cref="Disqualified"/> with code <see cref="ReasonCodes.Removed"/>; infrastructure failures
/// (throttling, 5xx, timeouts) are <see cref="Deferred"/>. Only the pinned revision is ever read.
/// </summary>
public interface IStorageBackend
{
    /// <summary>True when this backend serves the reference (decided by its revision's form and the backend's setup).</summary>
    /// <param name="model">The reference.</param>
    bool CanResolve(ModelRef model);

    /// <summary>Describes the model at its pinned revision (also the integrity re-check: still public, same revision).</summary>
    /// <param name="model">The reference.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken);

    /// <summary>Reads a small file (config, tokenizer) without fetching the weights.</summary>
    /// <param name="model">The reference.</param>
    /// <param name="path">The relative path.</param>
    /// <param name="maxBytes">Files larger than this are refused (disqualified as oversized).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken);

    /// <summary>Reads only the header of a safetensors file (HTTP Range where remote), never the weights.</summary>
    /// <param name="model">The reference.</param>
    /// <param name="path">The relative path of the safetensors file.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken);

    /// <summary>Fetches files to local disk, verified (hashes checked while streaming where known).</summary>
    /// <param name="model">The reference.</param>
    /// <param name="request">Which files.</param>
    /// <param name="progress">Where to report download progress.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken);

    /// <summary>
    /// Pins a mutable reference (a branch, a tag, or the latest state when <paramref name="reference"/> is null) to an
    /// immutable <see cref="ModelRef"/>: the miner's side, used by <c>tournament commit</c>.
    /// </summary>
    /// <param name="repo">The repository id.</param>
    /// <param name="reference">A branch or tag, or null for the default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StorageResult<ModelRef>> PinAsync(string repo, string? reference, CancellationToken cancellationToken) =>
        Task.FromResult(StorageResult<ModelRef>.Defer("This storage backend cannot pin references; give a full owner/name@revision."));

    /// <summary>Publishes an artifact. Backends that cannot publish return <see cref="Deferred"/> with a reason.</summary>
    /// <param name="artifact">The artifact.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<StorageResult<ArtifactLocation>> PublishAsync(Artifact artifact, CancellationToken cancellationToken) =>
        Task.FromResult(StorageResult<ArtifactLocation>.Defer("This storage backend does not publish artifacts."));
}
