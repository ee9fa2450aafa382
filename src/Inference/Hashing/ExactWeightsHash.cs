using System.Security.Cryptography;
using System.Text;

namespace Tournament.Inference.Hashing;

/// <summary>
/// The exact weights hash: the SHA-256 of every <c>*.safetensors</c> file in the folder (whole file bytes, header
/// included), the lowercase hex digests sorted ordinally, each followed by <c>\n</c>, hashed again with SHA-256.
/// File names do not enter it, so a renamed-shard copy has the same hash; re-sharding or re-serialising changes it
/// (the content hash covers those).
/// </summary>
public static class ExactWeightsHash
{
    /// <summary>Computes the hash (<c>sha256:</c> + hex).</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    public static string Compute(string folder, CancellationToken cancellationToken = default)
    {
        var files = Directory.EnumerateFiles(folder, "*.safetensors", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new Safetensors.CheckpointException($"{folder}: no *.safetensors file to hash.");
        }

        var digests = new string[files.Length];
        Parallel.For(0, files.Length, new ParallelOptions { CancellationToken = cancellationToken }, i => digests[i] = HashFile(files[i]));
        return FromFileHashes(digests);
    }

    /// <summary>Combines per-file SHA-256 hex digests (any order) into the exact weights hash.</summary>
    /// <param name="fileHashes">Per-file SHA-256 digests as hex.</param>
    public static string FromFileHashes(IEnumerable<string> fileHashes)
    {
        var text = string.Concat(fileHashes.Select(h => h.ToLowerInvariant()).Order(StringComparer.Ordinal).Select(h => h + "\n"));
        return ContentHash.Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text)));
    }

    /// <summary>The SHA-256 of a file, streamed.</summary>
    /// <param name="path">The file.</param>
    public static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
