namespace Tournament.Chain.Subtensor.Tests.Support;

internal static class Hex
{
    public static string Of(ReadOnlySpan<byte> bytes) => "0x" + Convert.ToHexString(bytes).ToLowerInvariant();

    public static byte[] Parse(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);
}
