using System.Buffers.Binary;
using System.IO.Hashing;
using Org.BouncyCastle.Crypto.Digests;

namespace Tournament.Plugins.Chain.Subtensor.Hashing;

/// <summary>
/// The hashes Substrate uses: xxHash64 from System.IO.Hashing composed into twox64/128/256 (little-endian, seeds 0..n),
/// and BLAKE2b from BouncyCastle. Nothing here is hand-written hashing.
/// </summary>
public static class SubstrateHash
{
    /// <summary>BLAKE2b with a digest of <paramref name="bits"/> bits (128, 256 or 512).</summary>
    /// <param name="data">The input.</param>
    /// <param name="bits">The digest size in bits.</param>
    public static byte[] Blake2b(ReadOnlySpan<byte> data, int bits)
    {
        var digest = new Blake2bDigest(bits);
        digest.BlockUpdate(data);
        byte[] output = new byte[bits / 8];
        digest.DoFinal(output, 0);
        return output;
    }

    /// <summary>xxHash64 with seeds 0..(<paramref name="bits"/>/64 - 1), each little-endian, concatenated.</summary>
    /// <param name="data">The input.</param>
    /// <param name="bits">64, 128 or 256.</param>
    public static byte[] Twox(ReadOnlySpan<byte> data, int bits)
    {
        if (bits is not (64 or 128 or 256))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "twox is defined for 64, 128 or 256 bits.");
        }

        byte[] output = new byte[bits / 8];
        for (int i = 0; i < bits / 64; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(output.AsSpan(i * 8), XxHash64.HashToUInt64(data, i));
        }

        return output;
    }

    /// <summary>Hashes an encoded storage-map key with <paramref name="hasher"/>.</summary>
    /// <param name="hasher">The hasher the metadata names.</param>
    /// <param name="encodedKey">The SCALE-encoded key.</param>
    public static byte[] Hash(StorageHasher hasher, ReadOnlySpan<byte> encodedKey) => hasher switch
    {
        StorageHasher.Blake2_128 => Blake2b(encodedKey, 128),
        StorageHasher.Blake2_256 => Blake2b(encodedKey, 256),
        StorageHasher.Blake2_128Concat => [.. Blake2b(encodedKey, 128), .. encodedKey],
        StorageHasher.Twox128 => Twox(encodedKey, 128),
        StorageHasher.Twox256 => Twox(encodedKey, 256),
        StorageHasher.Twox64Concat => [.. Twox(encodedKey, 64), .. encodedKey],
        StorageHasher.Identity => encodedKey.ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(hasher), hasher, "Unknown storage hasher."),
    };

    /// <summary>How many hash bytes precede the key for a concatenating hasher (0 for Identity), or -1 when the key cannot be recovered.</summary>
    /// <param name="hasher">The hasher.</param>
    public static int ConcatPrefixLength(StorageHasher hasher) => hasher switch
    {
        StorageHasher.Blake2_128Concat => 16,
        StorageHasher.Twox64Concat => 8,
        StorageHasher.Identity => 0,
        _ => -1,
    };
}
