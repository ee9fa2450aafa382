using System.Buffers.Binary;

namespace Tournament.Plugins.KlDistil.FunctionalCopy;

/// <summary>
/// Ledger form of an activation fingerprint: <c>v1:</c> + base64 of the float32 values, little-endian. Anything else
/// (other version, bad base64, a length not a multiple of 4, over 64 KiB, non-finite values) does not parse.
/// </summary>
internal static class FingerprintText
{
    private const string Prefix = "v1:";
    private const int MaxChars = 64 * 1024;

    public static string Format(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Prefix + Convert.ToBase64String(bytes);
    }

    public static float[]? TryParse(string? text)
    {
        if (text is null || text.Length > MaxChars || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var buffer = new byte[text.Length];
        if (!Convert.TryFromBase64String(text[Prefix.Length..], buffer, out var length) || length == 0 || length % 4 != 0)
        {
            return null;
        }

        var values = new float[length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(buffer.AsSpan(i * 4));
            if (!float.IsFinite(values[i]))
            {
                return null;
            }
        }

        return values;
    }
}
