using System.Globalization;
using System.Text.Json;

namespace Tournament.Plugins.Chain.Subtensor.Rpc;

/// <summary>Checked conversions of node answers: hex bytes, block hashes and numbers; anything else is unavailable.</summary>
internal static class RpcJson
{
    public static byte[] Bytes(JsonElement value, string what)
    {
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { } text || !text.StartsWith("0x", StringComparison.Ordinal) || text.Length % 2 != 0)
        {
            throw new ChainUnavailableException($"The node's {what} is not 0x-prefixed hex.");
        }

        try
        {
            return Convert.FromHexString(text.AsSpan(2));
        }
        catch (FormatException ex)
        {
            throw new ChainUnavailableException($"The node's {what} is not 0x-prefixed hex.", ex);
        }
    }

    public static byte[]? OptionalBytes(JsonElement value, string what)
        => value.ValueKind == JsonValueKind.Null ? null : Bytes(value, what);

    public static string Hash(JsonElement value, string what)
    {
        byte[] bytes = Bytes(value, what);
        return bytes.Length == 32 ? "0x" + Convert.ToHexString(bytes).ToLowerInvariant() : throw new ChainUnavailableException($"The node's {what} is not a 32-byte hash.");
    }

    public static long BlockNumber(JsonElement value, string what)
    {
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) && n >= 0)
        {
            return n;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } s && s.StartsWith("0x", StringComparison.Ordinal) && s.Length is > 2 and <= 18
            && long.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long h) && h >= 0)
        {
            return h;
        }

        throw new ChainUnavailableException($"The node's {what} is not a block number.");
    }

    public static JsonElement Property(JsonElement value, string name, string what)
        => value.ValueKind == JsonValueKind.Object && value.TryGetProperty(name, out JsonElement p) ? p : throw new ChainUnavailableException($"The node's {what} has no '{name}'.");

    public static string Hex(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexString(bytes).ToLowerInvariant();
}
