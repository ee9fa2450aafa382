using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Extrinsics;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Scale;
using Tournament.Plugins.Chain.Subtensor.Signing;

namespace Tournament.Chain.Subtensor.Tests.EndToEnd;

/// <summary>
/// samples/example-local with <c>"Chain": "subtensor"</c> against the loopback node, through the built engine as
/// processes: two miners publish with <c>tournament commit</c> (each with its own hotkey; the node applies the decoded
/// set_commitment to its storage as the runtime would), then the validator's <c>tournament round</c> reads the
/// commitments and neurons, scores, crowns alice and submits set_weights, which the test decodes with @polkadot/types
/// and whose signature it checks with ours and both npm libraries.
/// </summary>
[Collection(SubstrateReferenceGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SubtensorRoundTests(SubstrateReferenceFixture reference) : IAsyncLifetime
{
    private static readonly string MetadataFile = SubstrateReferenceFixture.FixturePath(MetadataFixtures.V14File);
    private readonly Random _rng = new(Random.Shared.Next());
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tournament-tests", "subtensor-" + Guid.NewGuid().ToString("N"));
    private ChainScenario _chain = null!;
    private TestWallet _validator = null!;
    private TestWallet _alice = null!;
    private TestWallet _bob = null!;

    public async Task InitializeAsync()
    {
        _chain = await ChainScenario.StartAsync();
        (_validator, _alice, _bob) = (new TestWallet(_rng), new TestWallet(_rng), new TestWallet(_rng));
        CopySample(Path.Combine(TournamentCli.RepoRoot, "samples", "example-local"), _root);
        SubtensorPlugins.Write(Path.Combine(_root, "plugins"));
    }

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        foreach (TestWallet w in new[] { _validator, _alice, _bob })
        {
            w.Delete();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task CommitThenRound_SubtensorChain_AliceCrownedAndSetWeightsVerifies()
    {
        _chain.SeedSubnet(reference, _validator.Key.PublicKey, [_alice.Key.PublicKey, _bob.Key.PublicKey], permit: true, commitReveal: false, lastUpdate: 10, rateLimit: 100);
        _chain.PutAll(
            reference,
            ("subtensorModule", "uids", [([ChainScenario.Netuid, _alice.Address], 1), ([ChainScenario.Netuid, _bob.Address], 2)]),
            ("timestamp", "now", [([], 1_764_000_000_000L)]));
        _chain.ApplyCommitments(reference);

        foreach ((TestWallet miner, string model) in new[] { (_alice, "alice/bigram-fine"), (_bob, "bob/bigram-smooth") })
        {
            var commit = await TournamentCli.RunAsync("commit", "--config", Config(miner), "--hotkey", miner.Address, "--model", model, "--json");
            Assert.True(commit.ExitCode == 0, commit.StandardError);
            Assert.Equal(FakeChainState.IncludedNumber, (long)JsonNode.Parse(commit.StandardOutput)!["block"]!);
        }

        var round = await TournamentCli.RunAsync("round", "--config", Config(_validator), "--json");

        Assert.True(round.ExitCode == 0, round.StandardError);
        JsonObject result = JsonNode.Parse(round.StandardOutput)!.AsObject();
        Assert.Equal(_alice.Address, (string?)result["summary"]!["king"]!["hotkey"]);
        Assert.Equal(FakeChainState.IncludedNumber, (long)result["summary"]!["block"]!);
        var weights = result["weights"]!["byHotkey"]!.AsObject();
        Assert.Equal(_alice.Address, Assert.Single(weights).Key);

        string extrinsic = _chain.State.Submitted.Last();
        JsonObject decoded = reference.Run(new { op = "decodeExtrinsic", metadata = MetadataFile, data = extrinsic })[0]!.AsObject();
        Assert.Equal(("subtensorModule", "setWeights", _validator.Address), ((string)decoded["section"]!, (string)decoded["method"]!, (string)decoded["signer"]!));
        Assert.Equal(ChainScenario.Netuid, (int)decoded["args"]![0]!);
        Assert.Equal([1], decoded["args"]![1]!.AsArray().Select(x => (int)x!)); // alice's UID
        Assert.Equal([65535], decoded["args"]![2]!.AsArray().Select(x => (int)x!));
        Assert.Equal(4242, (long)decoded["args"]![3]!);

        RuntimeMetadata metadata = MetadataDecoder.Decode(MetadataFixtures.Bytes(MetadataFixtures.V14File));
        byte[] raw = Hex.Parse(extrinsic);
        byte[] call = SignedExtrinsic.Call(metadata, "SubtensorModule", "set_weights", new Dictionary<string, ScaleValue>
        {
            ["netuid"] = new ScaleValue.Number(ChainScenario.Netuid),
            ["dests"] = new ScaleValue.Sequence([new ScaleValue.Number(1)]),
            ["weights"] = new ScaleValue.Sequence([new ScaleValue.Number(65535)]),
            ["version_key"] = new ScaleValue.Number(4242),
        });
        Assert.Equal(Hex.Of(call), Hex.Of(raw.AsSpan(raw.Length - call.Length)));
        var context = new ExtrinsicContext((uint)(int)decoded["nonce"]!, Era.Mortal(64, FakeChainState.IncludedNumber), Hex.Parse(FakeChainState.IncludedHash), Hex.Parse(FakeChainState.Genesis), 320, 1, 0);
        Assert.Equal((string)decoded["era"]!, Hex.Of(context.Era));
        byte[] message = SignedExtrinsic.MessageToSign(SignedExtrinsic.SigningPayload(metadata, call, context));
        byte[] signature = Hex.Parse((string)decoded["signature"]!);
        Assert.True(Sr25519.Verify(_validator.Key.PublicKey, message, signature));
        JsonObject npm = reference.Run(new { op = "sr25519Verify", items = new[] { new { publicKey = Hex.Of(_validator.Key.PublicKey), message = Hex.Of(message), signature = Hex.Of(signature) } } })[0]![0]!.AsObject();
        Assert.True((bool)npm["polkadot"]! && (bool)npm["scure"]!);
    }

    /// <summary>The sample's configuration with the subtensor chain for <paramref name="wallet"/>'s hotkey.</summary>
    private string Config(TestWallet wallet)
    {
        JsonObject root = JsonNode.Parse(File.ReadAllText(Path.Combine(_root, "tournament.json")))!.AsObject();
        root["Tournament"]!["Chain"] = "subtensor";
        root["Tournament"]!["PluginsPath"] = "plugins";
        root["Tournament"]!["HotReload"] = false;
        JsonObject components = root["Components"]!.AsObject();
        components.Remove("local-chain");
        components["subtensor"] = new JsonObject
        {
            ["Endpoint"] = _chain.Node.WebSocketEndpoint.ToString(),
            ["Netuid"] = ChainScenario.Netuid,
            ["Head"] = "best",
            ["WalletPath"] = wallet.Folder,
            ["WalletName"] = TestWallet.WalletName,
            ["MaxRetries"] = 0,
        };
        string path = Path.Combine(_root, $"tournament-{wallet.Address[..8]}.json");
        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    private static void CopySample(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories).Where(f => !Path.GetRelativePath(source, f).StartsWith(".tournament", StringComparison.Ordinal)))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
    }
}
