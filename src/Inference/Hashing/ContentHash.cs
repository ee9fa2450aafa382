using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Hashing;

/// <summary>
/// The content hash of a checkpoint: independent of file names and sharding, changed by any bit of any tensor.
/// Encoding (version 1): SHA-256 over the ASCII bytes <c>tournament-content-hash/v1\n</c> followed, for each tensor in
/// ordinal (UTF-16 code unit) order of its name, by: name as UTF-8 with a uint32 little-endian byte-length prefix;
/// dtype spelling (e.g. <c>BF16</c>) as ASCII with a uint32 LE length prefix; rank as uint32 LE; each dimension as
/// int64 LE; the 32-byte SHA-256 of the tensor's raw bytes. Printed as <c>sha256:</c> + 64 lowercase hex digits.
/// Per-tensor digests run in parallel over the memory mapping; nothing is loaded whole.
/// </summary>
public static class ContentHash
{
    /// <summary>The prefix of the printed hash.</summary>
    public const string Prefix = "sha256:";

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("tournament-content-hash/v1\n");

    /// <summary>Computes the content hash of a model folder.</summary>
    /// <param name="folder">The model folder.</param>
    /// <param name="cancellationToken">Cancels between tensors.</param>
    public static string Compute(string folder, CancellationToken cancellationToken = default)
    {
        using var checkpoint = SafetensorsCheckpoint.Open(folder);
        return Compute(checkpoint, cancellationToken);
    }

    /// <summary>Computes the content hash of an open checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels between tensors.</param>
    public static string Compute(SafetensorsCheckpoint checkpoint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var tensors = checkpoint.Tensors.ToArray();
        var digests = new byte[tensors.Length][];
        Parallel.For(
            0,
            tensors.Length,
            new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => digests[i] = TensorHashing.Sha256(tensors[i].File, tensors[i].Info));
        return Prefix + TensorHashing.Hex(Combine(tensors.Select((t, i) => (t.Name, t.Info.DType.ToString(), t.Info.Shape, digests[i]))));
    }

    /// <summary>Combines per-tensor entries (already in ordinal name order) into the final digest; exposed for tests.</summary>
    /// <param name="entries">Name, dtype spelling, shape, SHA-256 of the bytes.</param>
    internal static byte[] Combine(IEnumerable<(string Name, string DType, IReadOnlyList<long> Shape, byte[] Digest)> entries)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Domain);
        Span<byte> number = stackalloc byte[8];
        foreach (var (name, dtype, shape, digest) in entries)
        {
            AppendString(hash, Encoding.UTF8.GetBytes(name), number);
            AppendString(hash, Encoding.ASCII.GetBytes(dtype), number);
            BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)shape.Count);
            hash.AppendData(number[..4]);
            foreach (var d in shape)
            {
                BinaryPrimitives.WriteInt64LittleEndian(number, d);
                hash.AppendData(number);
            }

            hash.AppendData(digest);
        }

        return hash.GetHashAndReset();
    }

    private static void AppendString(IncrementalHash hash, byte[] bytes, Span<byte> number)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)bytes.Length);
        hash.AppendData(number[..4]);
        hash.AppendData(bytes);
    }
}
