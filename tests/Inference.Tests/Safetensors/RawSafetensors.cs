using System.Buffers.Binary;
using System.Text;

namespace Tournament.Inference.Tests.Safetensors;

/// <summary>Hand-crafts safetensors files, valid or not, byte by byte.</summary>
internal static class RawSafetensors
{
    public static void Write(string path, string json, int dataBytes, ulong? headerLength = null, byte[]? tail = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, headerLength ?? (ulong)header.Length);
        var data = new byte[dataBytes];
        new Random(1).NextBytes(data);
        File.WriteAllBytes(path, [.. prefix, .. header, .. data, .. tail ?? []]);
    }
}
