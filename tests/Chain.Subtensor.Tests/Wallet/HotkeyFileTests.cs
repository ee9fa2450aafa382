using System.Text.Json.Nodes;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Signing;
using Tournament.Plugins.Chain.Subtensor.Wallet;

namespace Tournament.Chain.Subtensor.Tests.Wallet;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HotkeyFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("wallets-").FullName;
    private readonly byte[] _seed = RandomSeed();

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Load_BittensorLayout_DerivesTheFilesKey()
    {
        string path = Write(Keyfile(_seed));
        (Sr25519Keypair pair, string address) = HotkeyFile.Load(path);
        Assert.Equal(Sr25519.FromSeed(_seed).PublicKey, pair.PublicKey);
        Assert.Equal(Ss58.Encode(pair.PublicKey), address);
        Assert.Equal(Path.Combine(_root, "validator", "hotkeys", "hk1"), path);
    }

    [Fact]
    public void Load_WorldReadable_IsRefusedWithTheFix()
    {
        string path = Write(Keyfile(_seed));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var ex = Assert.Throws<WalletException>(() => HotkeyFile.Load(path));
        Assert.Contains("chmod 600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SeedOfAnotherKey_IsDamagedAndNeverQuotesTheSeed()
    {
        JsonObject file = Keyfile(_seed);
        file["publicKey"] = Hex.Of(Sr25519.FromSeed(RandomSeed()).PublicKey);
        var ex = Assert.Throws<WalletException>(() => HotkeyFile.Load(Write(file)));
        Assert.Contains("does not derive its publicKey", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(_seed)[..12], ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("$NACL\u0001\u0002encrypted", "encrypted")]
    [InlineData("{not json", "not JSON")]
    [InlineData("{\"publicKey\":\"0x00\"}", "no 'secretSeed'")]
    [InlineData("{\"secretSeed\":\"0x1234\",\"publicKey\":\"0x00\"}", "not 32 bytes of hex")]
    [InlineData("[1,2]", "no 'secretSeed'")]
    public void Load_NotAnUnencryptedHotkey_OneSentence(string content, string expected)
    {
        string path = WritePath();
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var ex = Assert.Throws<WalletException>(() => HotkeyFile.Load(path));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.EndsWith(".", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Missing_NamesTheSettings()
        => Assert.Contains("WalletPath", Assert.Throws<WalletException>(() => HotkeyFile.Load(Path.Combine(_root, "nope"))).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("../x", "hk")]
    [InlineData("w", "a/b")]
    [InlineData("..", "hk")]
    public void PathOf_NamesThatArePaths_AreRefused(string wallet, string hotkey)
        => Assert.Throws<WalletException>(() => HotkeyFile.PathOf(_root, wallet, hotkey));

    private static JsonObject Keyfile(byte[] seed)
    {
        Sr25519Keypair pair = Sr25519.FromSeed(seed);
        return new JsonObject
        {
            ["accountId"] = Hex.Of(pair.PublicKey),
            ["publicKey"] = Hex.Of(pair.PublicKey),
            ["privateKey"] = Hex.Of(pair.ToEd25519Bytes()),
            ["secretPhrase"] = null,
            ["secretSeed"] = Hex.Of(seed),
            ["ss58Address"] = Ss58.Encode(pair.PublicKey),
        };
    }

    private string Write(JsonObject file)
    {
        string path = WritePath();
        File.WriteAllText(path, file.ToJsonString());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    private string WritePath()
    {
        string path = HotkeyFile.PathOf(_root, "validator", "hk1");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    private static byte[] RandomSeed()
    {
        byte[] b = new byte[32];
        Random.Shared.NextBytes(b);
        return b;
    }
}
