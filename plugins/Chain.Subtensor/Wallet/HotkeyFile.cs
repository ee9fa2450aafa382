using System.Security.Cryptography;
using System.Text.Json;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Signing;

namespace Tournament.Plugins.Chain.Subtensor.Wallet;

/// <summary>
/// Reads an unencrypted bittensor hotkey file (<c>&lt;wallets&gt;/&lt;wallet&gt;/hotkeys/&lt;hotkey&gt;</c>, JSON with
/// <c>secretSeed</c>, <c>publicKey</c>, <c>ss58Address</c>): checks its permissions, derives the sr25519 keypair from
/// the seed and requires it to equal the file's public key and address. Errors are one sentence and never quote the
/// file's contents.
/// </summary>
internal static class HotkeyFile
{
    private const long MaxBytes = 64 * 1024;

    /// <summary>The hotkey file's path for the configured wallet (a leading ~ is the home folder).</summary>
    public static string PathOf(string walletPath, string wallet, string hotkey)
    {
        if (wallet.IndexOfAny(['/', '\\']) >= 0 || hotkey.IndexOfAny(['/', '\\']) >= 0 || wallet is "." or ".." || hotkey is "." or "..")
        {
            throw new WalletException("Wallet and hotkey names must be plain names, not paths.");
        }

        string root = walletPath.StartsWith('~')
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), walletPath.TrimStart('~').TrimStart('/', '\\'))
            : walletPath;
        return Path.Combine(root, wallet, "hotkeys", hotkey);
    }

    /// <summary>Loads and checks the hotkey; the keypair's secrets stay in memory only.</summary>
    public static (Sr25519Keypair Keypair, string Address) Load(string path)
    {
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            throw new WalletException($"The hotkey file {path} does not exist; check Subtensor:WalletPath, WalletName and HotkeyName.");
        }

        if (!OperatingSystem.IsWindows() && (file.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new WalletException($"The hotkey file {path} is readable or writable by other users; run 'chmod 600 {path}'.");
        }

        if (file.Length > MaxBytes)
        {
            throw new WalletException($"The hotkey file {path} is over {MaxBytes / 1024} KiB; it is not a bittensor hotkey.");
        }

        byte[] content = File.ReadAllBytes(path);
        try
        {
            if (content.AsSpan().StartsWith("$NACL"u8) || content.AsSpan().StartsWith("$BT"u8) || content.AsSpan().StartsWith("$ANSIBLE"u8))
            {
                throw new WalletException($"The hotkey file {path} is encrypted; only unencrypted hotkeys are supported (regenerate the hotkey without a password).");
            }

            return Parse(content, path);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    private static (Sr25519Keypair, string) Parse(byte[] content, string path)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content, new JsonDocumentOptions { MaxDepth = 4 });
        }
        catch (JsonException)
        {
            throw new WalletException($"The hotkey file {path} is not JSON; it is not an unencrypted bittensor hotkey.");
        }

        using (doc)
        {
            byte[] seed = HexField(doc.RootElement, "secretSeed", 32, path);
            byte[] publicKey = HexField(doc.RootElement, "publicKey", 32, path);
            Sr25519Keypair keypair = Sr25519.FromSeed(seed);
            CryptographicOperations.ZeroMemory(seed);
            if (!CryptographicOperations.FixedTimeEquals(keypair.PublicKey, publicKey))
            {
                throw new WalletException($"The hotkey file {path}'s secretSeed does not derive its publicKey; the file is damaged.");
            }

            string address = Ss58.Encode(publicKey);
            if (doc.RootElement.TryGetProperty("ss58Address", out JsonElement ss58) && ss58.GetString() != address)
            {
                throw new WalletException($"The hotkey file {path}'s ss58Address does not match its publicKey; the file is damaged.");
            }

            return (keypair, address);
        }
    }

    private static byte[] HexField(JsonElement root, string name, int length, string path)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty(name, out JsonElement value) || value.ValueKind != JsonValueKind.String)
        {
            throw new WalletException($"The hotkey file {path} has no '{name}'; it is not an unencrypted bittensor hotkey.");
        }

        string text = value.GetString()!;
        string hex = text.StartsWith("0x", StringComparison.Ordinal) ? text[2..] : text;
        if (hex.Length != length * 2 || !hex.All(Uri.IsHexDigit))
        {
            throw new WalletException($"The hotkey file {path}'s '{name}' is not {length} bytes of hex.");
        }

        return Convert.FromHexString(hex);
    }
}

/// <summary>A wallet file that is missing, unsafe or malformed: one sentence naming the file and the fix.</summary>
public sealed class WalletException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence.</param>
    public WalletException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public WalletException()
    {
    }

    /// <summary>Creates the exception.</summary>
    /// <param name="message">One sentence.</param>
    /// <param name="innerException">The cause.</param>
    public WalletException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
