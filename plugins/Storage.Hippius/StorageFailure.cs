using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.Hippius;

/// <summary>
/// A failure inside the backend, carrying its outcome: <see cref="Disqualified"/> (the miner's content: gone,
/// unauthorized, lying manifest) or <see cref="Deferred"/> (infrastructure). Converted to a
/// <see cref="StorageResult{T}"/> at the component's boundary; never escapes it.
/// </summary>
internal sealed class StorageFailure : Exception
{
    private StorageFailure(string? reasonCode, string message, Exception? inner)
        : base(message, inner)
    {
        ReasonCode = reasonCode;
    }

    public StorageFailure()
    {
    }

    public StorageFailure(string message)
        : base(message)
    {
    }

    public StorageFailure(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The disqualification code, or null for a deferral.</summary>
    public string? ReasonCode { get; }

    public bool IsTransient => ReasonCode is null;

    public static StorageFailure Disqualify(string reasonCode, string message) => new(reasonCode, message, null);

    public static StorageFailure Transient(string message, Exception? inner = null) => new(null, message, inner);

    public StorageResult<T> ToResult<T>() =>
        ReasonCode is null ? StorageResult<T>.Defer(Message) : StorageResult<T>.Gone(Message, ReasonCode);
}

/// <summary>Reason codes of this backend (besides <see cref="ReasonCodes.Removed"/>).</summary>
public static class HippiusReasonCodes
{
    /// <summary>The manifest is malformed or hostile (sizes, paths, limits).</summary>
    public const string ManifestInvalid = "manifest-invalid";

    /// <summary>The manifest's bytes do not hash to the committed digest.</summary>
    public const string ManifestDigest = "manifest-digest";

    /// <summary>A blob's bytes do not match the size or digest its manifest gives.</summary>
    public const string BlobIntegrity = "blob-integrity";

    /// <summary>A file the caller asked for is not in the manifest.</summary>
    public const string MissingFile = "missing-file";

    /// <summary>A file is larger than the caller allows.</summary>
    public const string Oversized = "oversized";

    /// <summary>A safetensors header is malformed.</summary>
    public const string HeaderIntegrity = "header-integrity";
}
