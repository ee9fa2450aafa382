using System.Text.Json.Nodes;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Signing;
using Tournament.Plugins.Chain.Subtensor.Wallet;

namespace Tournament.Chain.Subtensor.Tests.Support;

/// <summary>A temporary wallets folder with one unencrypted hotkey file (mode 600), removed by Delete.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed class TestWallet
{
    public const string WalletName = "validator";

    public TestWallet(Random rng)
    {
        byte[] seed = ChainScenario.RandomAccount(rng);
        Seed = seed;
        Key = Sr25519.FromSeed(seed);
        Folder = Directory.CreateTempSubdirectory("wallets-").FullName;
        string path = HotkeyFile.PathOf(Folder, WalletName, "default");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, new JsonObject { ["secretSeed"] = Hex.Of(seed), ["publicKey"] = Hex.Of(Key.PublicKey), ["ss58Address"] = Address }.ToJsonString());
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    public string Folder { get; }

    public byte[] Seed { get; }

    public Sr25519Keypair Key { get; }

    public string Address => Ss58.Encode(Key.PublicKey);

    /// <summary>Points <paramref name="options"/> at this wallet.</summary>
    public SubtensorOptions Use(SubtensorOptions options)
    {
        options.WalletPath = Folder;
        options.WalletName = WalletName;
        return options;
    }

    public void Delete() => Directory.Delete(Folder, recursive: true);
}
