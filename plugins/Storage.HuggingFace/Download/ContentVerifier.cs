using System.Security.Cryptography;
using System.Text;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>
/// Hashes a file's bytes as they stream: SHA-256 for LFS files, the git blob id (SHA-1 of <c>"blob {size}\0"</c> plus the
/// content) for regular files, so every file the Hub describes is verified.
/// </summary>
internal sealed class ContentVerifier : IDisposable
{
    private readonly IncrementalHash? hash;
    private readonly string? expected;

    public ContentVerifier(HubFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Sha256 is not null)
        {
            hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            expected = file.Sha256;
            Algorithm = "SHA-256";
        }
        else if (file.BlobId is not null)
        {
#pragma warning disable CA5350 // SHA-1 is what git names blobs with; it checks transfer integrity of small files, LFS files use SHA-256.
            hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
#pragma warning restore CA5350
            hash.AppendData(Encoding.ASCII.GetBytes($"blob {file.Size}\0"));
            expected = file.BlobId;
            Algorithm = "git blob id";
        }
        else
        {
            Algorithm = "size only";
        }
    }

    public string Algorithm { get; }

    public void Append(ReadOnlySpan<byte> data) => hash?.AppendData(data);

    /// <summary>Finishes and compares; returns the actual digest (hex) and whether it matches.</summary>
    public (string? Actual, bool Matches) Finish()
    {
        if (hash is null)
        {
            return (null, true);
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        return (actual, string.Equals(actual, expected, StringComparison.Ordinal));
    }

    public void Dispose() => hash?.Dispose();
}
