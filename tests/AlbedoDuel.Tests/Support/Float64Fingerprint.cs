using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Tournament.AlbedoDuel.Tests.Support;

/// <summary>
/// An independent float64 reference of the weight fingerprint, written from the spec rather than from the runtime:
/// its own safetensors reader (8-byte little-endian header length, JSON header, row-major data), every element as
/// float64, the L2 norm summed in float64, sample k of a tensor at SHA-256(name ‖ 0x00 ‖ uint32 LE k)[0..8] as
/// uint64 LE modulo the element count.
/// </summary>
internal static class Float64Fingerprint
{
    public sealed record Tensor(string Name, double Norm, double[] Samples);

    public static Dictionary<string, Tensor> Compute(string safetensorsPath)
    {
        var bytes = File.ReadAllBytes(safetensorsPath);
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var data = 8 + headerLength;
        var result = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var entry in header.RootElement.EnumerateObject().Where(e => e.Name != "__metadata__"))
        {
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (shape.Length < 2)
            {
                continue;
            }

            var dtype = entry.Value.GetProperty("dtype").GetString()!;
            var begin = data + entry.Value.GetProperty("data_offsets")[0].GetInt64();
            var count = shape.Aggregate(1L, (a, d) => a * d);
            var size = dtype == "F32" ? 4 : 2;
            double Element(long i) => Value(bytes.AsSpan((int)(begin + (i * size)), size), dtype);
            var sum = 0.0;
            for (var i = 0L; i < count; i++)
            {
                var v = Element(i);
                sum += v * v;
            }

            var samples = Enumerable.Range(0, 16).Select(k => Element(Index(entry.Name, k, count))).ToArray();
            result[entry.Name] = new Tensor(entry.Name, Math.Sqrt(sum), samples);
        }

        return result;
    }

    public static double Cosine(double[] a, double[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }

        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }

    private static long Index(string name, int k, long count)
    {
        var input = Encoding.UTF8.GetBytes(name).Concat(new byte[] { 0 }).Concat(BitConverter.GetBytes((uint)k)).ToArray();
        return (long)(BinaryPrimitives.ReadUInt64LittleEndian(SHA256.HashData(input)) % (ulong)count);
    }

    private static double Value(ReadOnlySpan<byte> raw, string dtype) => dtype switch
    {
        "F32" => BinaryPrimitives.ReadSingleLittleEndian(raw),
        "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(raw) << 16),
        "F16" => (double)BinaryPrimitives.ReadHalfLittleEndian(raw),
        _ => throw new NotSupportedException(dtype),
    };
}
