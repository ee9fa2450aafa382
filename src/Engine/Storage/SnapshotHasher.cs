using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Tournament.Abstractions;

namespace Tournament.Engine.Storage;

/// <summary>
/// Hashes local snapshots. A snapshot's revision is
/// <c>hex(SHA-256("tournament/local-snapshot/v1" ‖ 0x00 ‖ u64le(count) ‖ entry…))</c> with one
/// <c>entry = u32le(byte length of path) ‖ UTF-8(path) ‖ u64le(file length) ‖ SHA-256(file bytes)</c> per file
/// (32 raw digest bytes), entries sorted by the UTF-8 bytes of the '/'-separated relative path. Files are streamed,
/// never loaded whole. Per-file digests are cached by (path, length, modification time) unless a caller asks to verify.
/// </summary>
internal sealed class SnapshotHasher
{
    /// <summary>The domain prefix of the content hash.</summary>
    public const string Domain = "tournament/local-snapshot/v1";

    private const int BufferSize = 1 << 20;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Length, DateTime LastWriteUtc, byte[] Sha256)> _cache = new(StringComparer.Ordinal);

    /// <summary>Orders relative paths by their UTF-8 bytes.</summary>
    public static IComparer<string> PathOrder { get; } = Comparer<string>.Create((a, b) => Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(b)));

    /// <summary>Computes the content hash from (path, length, SHA-256) triples in any order.</summary>
    /// <param name="files">The files.</param>
    public static string ContentHash(IEnumerable<(string Path, long Length, byte[] Sha256)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var sorted = files.OrderBy(f => f.Path, PathOrder).ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.ASCII.GetBytes(Domain));
        hash.AppendData([0]);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(number, (ulong)sorted.Count);
        hash.AppendData(number);
        foreach (var (path, length, sha) in sorted)
        {
            var pathBytes = Encoding.UTF8.GetBytes(path);
            BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)pathBytes.Length);
            hash.AppendData(number[..4]);
            hash.AppendData(pathBytes);
            BinaryPrimitives.WriteUInt64LittleEndian(number, (ulong)length);
            hash.AppendData(number);
            hash.AppendData(sha);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Hashes every file and computes the manifest; a file that changes while being read is reported as moved.</summary>
    /// <param name="directory">The snapshot folder.</param>
    /// <param name="entries">The files.</param>
    /// <param name="verify">True to re-read every file; false to reuse cached digests of unchanged files.</param>
    /// <param name="progress">Progress in bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<StorageResult<SnapshotManifest>> HashAsync(string directory, IReadOnlyList<SnapshotEntry> entries, bool verify, IProgressTask progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(progress);
        var hashed = new List<HashedFile>(entries.Count);
        foreach (var entry in entries.OrderBy(e => e.RelativePath, PathOrder))
        {
            var sha = verify ? null : Cached(entry);
            if (sha is null)
            {
                sha = await HashFileAsync(entry.FullPath, entry.Length, progress, cancellationToken).ConfigureAwait(false);
                if (sha is null)
                {
                    return StorageResult<SnapshotManifest>.Gone($"'{entry.RelativePath}' changed while it was being hashed; the snapshot is not stable.");
                }

                lock (_gate)
                {
                    _cache[entry.FullPath] = (entry.Length, entry.LastWriteUtc, sha);
                }
            }
            else
            {
                progress.Advance(entry.Length);
            }

            hashed.Add(new HashedFile(entry, sha));
        }

        var contentHash = ContentHash(hashed.Select(h => (h.Entry.RelativePath, h.Entry.Length, h.Sha256)));
        return new SnapshotManifest(directory, hashed, contentHash);
    }

    /// <summary>Streams a file through SHA-256; returns null when its length is not <paramref name="expectedLength"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="expectedLength">The length listed for it.</param>
    /// <param name="progress">Progress in bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<byte[]?> HashFileAsync(string path, long expectedLength, IProgressTask progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                long total = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > expectedLength)
                    {
                        return null;
                    }

                    hash.AppendData(buffer, 0, read);
                    progress.Advance(read);
                }

                return total == expectedLength ? hash.GetHashAndReset() : null;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private byte[]? Cached(SnapshotEntry entry)
    {
        lock (_gate)
        {
            return _cache.TryGetValue(entry.FullPath, out var cached) && cached.Length == entry.Length && cached.LastWriteUtc == entry.LastWriteUtc
                ? cached.Sha256
                : null;
        }
    }
}
