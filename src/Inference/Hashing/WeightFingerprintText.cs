using System.Buffers.Binary;
using System.Text;

namespace Tournament.Inference.Hashing;

/// <summary>
/// Text form of a <see cref="WeightFingerprint"/>: <c>wfp1:</c> + base64 of a binary body: uint32 LE tensor count,
/// then per tensor: uint16 LE UTF-8 name length, the name, float64 LE norm, uint8 sample count, that many float32 LE
/// values. Exact round trip; parsing validates every length and rejects trailing bytes.
/// </summary>
internal static class WeightFingerprintText
{
    private const int MaxTextLength = 64 << 20;

    public static string Write(WeightFingerprint fingerprint)
    {
        using var body = new MemoryStream();
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(number, (uint)fingerprint.Tensors.Count);
        body.Write(number[..4]);
        foreach (var t in fingerprint.Tensors)
        {
            var name = Encoding.UTF8.GetBytes(t.Name);
            if (name.Length > ushort.MaxValue)
            {
                throw new InvalidOperationException($"Tensor name '{t.Name[..64]}…' is too long for a fingerprint.");
            }

            BinaryPrimitives.WriteUInt16LittleEndian(number, (ushort)name.Length);
            body.Write(number[..2]);
            body.Write(name);
            BinaryPrimitives.WriteDoubleLittleEndian(number, t.Norm);
            body.Write(number);
            body.WriteByte(checked((byte)t.Samples.Count));
            foreach (var v in t.Samples)
            {
                BinaryPrimitives.WriteSingleLittleEndian(number, v);
                body.Write(number[..4]);
            }
        }

        return WeightFingerprint.Version + ":" + Convert.ToBase64String(body.GetBuffer(), 0, (int)body.Length);
    }

    public static WeightFingerprint Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var prefix = WeightFingerprint.Version + ":";
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || text.Length > MaxTextLength)
        {
            throw new FormatException($"A weight fingerprint must start with '{prefix}' and be at most {MaxTextLength} characters.");
        }

        byte[] body;
        try
        {
            body = Convert.FromBase64String(text[prefix.Length..]);
        }
        catch (FormatException)
        {
            throw new FormatException("The weight fingerprint's body is not valid base64.");
        }

        var span = new ReadOnlySpan<byte>(body);
        var count = Take(ref span, 4, "tensor count");
        var n = BinaryPrimitives.ReadUInt32LittleEndian(count);
        var tensors = new List<TensorFingerprint>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0u; i < n; i++)
        {
            var nameLength = BinaryPrimitives.ReadUInt16LittleEndian(Take(ref span, 2, "name length"));
            var name = Encoding.UTF8.GetString(Take(ref span, nameLength, "name"));
            var norm = BinaryPrimitives.ReadDoubleLittleEndian(Take(ref span, 8, "norm"));
            var samples = new float[Take(ref span, 1, "sample count")[0]];
            for (var k = 0; k < samples.Length; k++)
            {
                samples[k] = BinaryPrimitives.ReadSingleLittleEndian(Take(ref span, 4, "sample"));
            }

            if (!names.Add(name))
            {
                throw new FormatException($"The weight fingerprint lists tensor '{name}' twice.");
            }

            tensors.Add(new TensorFingerprint(name, norm, samples));
        }

        if (!span.IsEmpty)
        {
            throw new FormatException($"The weight fingerprint has {span.Length} trailing bytes.");
        }

        return new WeightFingerprint(tensors);
    }

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> span, int length, string field)
    {
        if (span.Length < length)
        {
            throw new FormatException($"The weight fingerprint is truncated at the {field}.");
        }

        var result = span[..length];
        span = span[length..];
        return result;
    }
}
