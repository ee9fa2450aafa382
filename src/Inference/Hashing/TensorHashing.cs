using System.Security.Cryptography;
using Tournament.Abstractions;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Hashing;

/// <summary>Streams a tensor's bytes from its memory mapping in bounded chunks (tensors of any size).</summary>
internal static class TensorHashing
{
    public const int ChunkBytes = 16 << 20;

    public static byte[] Sha256(SafetensorsFile file, SafetensorsTensorInfo info)
    {
        if (info.ByteLength <= int.MaxValue)
        {
            return SHA256.HashData(file.GetBytes(info, 0, (int)info.ByteLength));
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        for (long offset = 0; offset < info.ByteLength; offset += ChunkBytes)
        {
            hash.AppendData(file.GetBytes(info, offset, (int)Math.Min(ChunkBytes, info.ByteLength - offset)));
        }

        return hash.GetHashAndReset();
    }

    public static string Hex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);
}
