using System.Security.Cryptography;
using System.Text;
using Tournament.Plugins.Chain.Subtensor.Hashing;

namespace Tournament.Plugins.Chain.Subtensor.Keys;

/// <summary>
/// SS58 addresses of 32-byte account ids: network prefix (one byte below 64, two bytes up to 16383), the key, and the
/// first two bytes of BLAKE2b-512("SS58PRE" ++ prefix ++ key). Bittensor uses prefix 42.
/// </summary>
public static class Ss58
{
    /// <summary>The generic Substrate prefix Bittensor uses.</summary>
    public const ushort BittensorPrefix = 42;

    private const int MaxAddressLength = 64;
    private static readonly byte[] Preamble = Encoding.ASCII.GetBytes("SS58PRE");

    /// <summary>Encodes a 32-byte public key.</summary>
    /// <param name="publicKey">The account id.</param>
    /// <param name="prefix">The network prefix (0..16383, not 46 or 47, which are reserved).</param>
    public static string Encode(ReadOnlySpan<byte> publicKey, ushort prefix = BittensorPrefix)
    {
        if (publicKey.Length != 32)
        {
            throw new ArgumentException($"An SS58 account id is 32 bytes, not {publicKey.Length}.", nameof(publicKey));
        }

        if (prefix > 16383 || prefix is 46 or 47)
        {
            throw new ArgumentOutOfRangeException(nameof(prefix), prefix, "SS58 prefixes are 0..16383 except the reserved 46 and 47.");
        }

        byte[] head = prefix < 64
            ? [(byte)prefix]
            : [(byte)(((prefix & 0xfc) >> 2) | 0x40), (byte)((prefix >> 8) | ((prefix & 3) << 6))];
        byte[] body = [.. head, .. publicKey];
        return Base58.Encode([.. body, .. Checksum(body)]);
    }

    /// <summary>Decodes an address to its prefix and 32-byte key, or explains in one sentence why it is not one.</summary>
    /// <param name="address">The SS58 text.</param>
    /// <param name="publicKey">The account id.</param>
    /// <param name="prefix">The network prefix.</param>
    /// <param name="error">Why it failed.</param>
    public static bool TryDecode(string address, out byte[] publicKey, out ushort prefix, out string error)
    {
        publicKey = [];
        prefix = 0;
        if (string.IsNullOrEmpty(address) || address.Length > MaxAddressLength)
        {
            error = $"An SS58 address has 1 to {MaxAddressLength} characters.";
            return false;
        }

        byte[]? raw = Base58.Decode(address);
        if (raw is null)
        {
            error = $"'{address}' is not base58.";
            return false;
        }

        int headLength = raw.Length > 0 && raw[0] >= 64 ? 2 : 1;
        if (raw.Length != headLength + 32 + 2)
        {
            error = $"'{address}' does not hold a 32-byte account id.";
            return false;
        }

        if (raw[0] >= 128)
        {
            error = $"'{address}' has an invalid SS58 prefix byte.";
            return false;
        }

        prefix = headLength == 1
            ? raw[0]
            : (ushort)(((raw[0] & 0x3f) << 2) | (raw[1] >> 6) | ((raw[1] & 0x3f) << 8));
        byte[] expected = Checksum(raw.AsSpan(0, headLength + 32));
        if (!CryptographicOperations.FixedTimeEquals(expected, raw.AsSpan(headLength + 32)))
        {
            error = $"'{address}' has a wrong SS58 checksum.";
            return false;
        }

        publicKey = raw[headLength..(headLength + 32)];
        error = string.Empty;
        return true;
    }

    /// <summary>Decodes an address, throwing a one-sentence <see cref="FormatException"/> when it is not one.</summary>
    /// <param name="address">The SS58 text.</param>
    public static byte[] Decode(string address)
        => TryDecode(address, out byte[] key, out _, out string error) ? key : throw new FormatException(error);

    private static byte[] Checksum(ReadOnlySpan<byte> body) => SubstrateHash.Blake2b([.. Preamble, .. body], 512)[..2];
}
