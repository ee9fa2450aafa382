using System.Buffers.Binary;
using System.Text;

namespace Tournament.Storage.Hippius.Tests.Fixtures;

/// <summary>Builds a valid safetensors file with one float32 tensor of random values.</summary>
internal static class Safetensors
{
    public static byte[] Build(int elements, int seed)
    {
        var header = Encoding.UTF8.GetBytes($"{{\"__metadata__\":{{\"format\":\"pt\"}},\"w\":{{\"dtype\":\"F32\",\"shape\":[{elements}],\"data_offsets\":[0,{elements * 4}]}}}}");
        var file = new byte[8 + header.Length + (elements * 4)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)header.Length);
        header.CopyTo(file, 8);
        var random = new Random(seed);
        for (var i = 0; i < elements; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(8 + header.Length + (i * 4)), (float)(random.NextDouble() + 0.5));
        }

        return file;
    }
}
