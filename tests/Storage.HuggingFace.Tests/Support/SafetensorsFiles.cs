using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;

namespace Tournament.Storage.HuggingFace.Tests.Support;

/// <summary>Writes safetensors files with random weights (never zeros) for the fake Hub to serve.</summary>
public static class SafetensorsFiles
{
    /// <summary>Builds a safetensors file of F32 tensors with the given shapes.</summary>
    public static byte[] Build(IReadOnlyList<(string Name, long[] Shape)> tensors, int seed, int trailingBytes = 0)
    {
        var (header, dataLength) = Header(tensors);
        var data = new byte[dataLength + trailingBytes];
        new Random(seed).NextBytes(data);
        return [.. Prefix(header), .. header, .. data];
    }

    /// <summary>Writes a large safetensors file to disk by streaming random data.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, long[] Shape)> tensors, int seed)
    {
        var (header, dataLength) = Header(tensors);
        using var output = File.Create(path);
        output.Write(Prefix(header));
        output.Write(header);
        var random = new Random(seed);
        var buffer = new byte[1 << 20];
        for (long left = dataLength; left > 0; left -= buffer.Length)
        {
            random.NextBytes(buffer);
            output.Write(buffer, 0, (int)Math.Min(left, buffer.Length));
        }
    }

    private static byte[] Prefix(byte[] header)
    {
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        return prefix;
    }

    private static (byte[] Header, long DataLength) Header(IReadOnlyList<(string Name, long[] Shape)> tensors)
    {
        var json = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var (name, shape) in tensors)
        {
            var bytes = shape.Aggregate(1L, (a, d) => a * d) * 4;
            json[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes),
            };
            offset += bytes;
        }

        var text = json.ToJsonString();
        text += new string(' ', (8 - (Encoding.UTF8.GetByteCount(text) % 8)) % 8);
        return (Encoding.UTF8.GetBytes(text), offset);
    }
}
