using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Keys;

namespace Tournament.Chain.Subtensor.Tests.Chain;

/// <summary>
/// Commit-reveal subnets through the external signer: tools/substrate-reference/fixture-signer.mjs (built on the
/// @polkadot references) signs and submits commit_timelocked_weights to the loopback node; the client checks the
/// block holds it, signed by our hotkey. Then each way a signer can fail, each a Deferred with its reason.
/// </summary>
[Collection(SubstrateReferenceGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class CommitRevealSignerTests(SubstrateReferenceFixture reference) : IAsyncLifetime
{
    private readonly Random _rng = new(Random.Shared.Next());
    private readonly string _copy = Path.Combine(Path.GetTempPath(), "signer-request-" + Guid.NewGuid().ToString("N") + ".json");
    private ChainScenario _chain = null!;
    private TestWallet _wallet = null!;
    private byte[][] _miners = [];

    public async Task InitializeAsync()
    {
        _chain = await ChainScenario.StartAsync();
        _wallet = new TestWallet(_rng);
        _miners = [.. Enumerable.Range(0, 4).Select(_ => ChainScenario.RandomAccount(_rng))];
        _chain.SeedSubnet(reference, _wallet.Key.PublicKey, _miners, permit: true, commitReveal: true, lastUpdate: 10, rateLimit: 100);
    }

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        _wallet.Delete();
        File.Delete(_copy);
    }

    [Fact]
    public async Task Signer_CommitsAndTheBlockHoldsIt_Success()
    {
        var result = await SetWeightsAsync("commit");

        Assert.True(result.IsT0, result.IsT1 ? result.AsT1.Reason : "");
        JsonObject request = JsonNode.Parse(File.ReadAllText(_copy))!.AsObject();
        Assert.Equal("tournament-subtensor-signer/1", (string)request["protocol"]!);
        Assert.Equal("commit_weights", (string)request["action"]!);
        Assert.Equal(ChainScenario.Netuid, (int)request["netuid"]!);
        Assert.Equal(_wallet.Address, (string)request["hotkey"]!);
        Assert.Equal((FakeChainState.BlockNumber, FakeChainState.BlockHash), ((long)request["block"]!["number"]!, (string)request["block"]!["hash"]!));
        Assert.Equal(4242, (long)request["versionKey"]!);
        Assert.Equal([1, 3], request["uids"]!.AsArray().Select(x => (int)x!));
        Assert.Equal([21845, 65535], request["weights"]!.AsArray().Select(x => (int)x!));
        Assert.Equal((_wallet.Folder, TestWallet.WalletName, "default"), ((string)request["wallet"]!["path"]!, (string)request["wallet"]!["name"]!, (string)request["wallet"]!["hotkey"]!));
        JsonObject decoded = reference.Run(new { op = "decodeExtrinsic", metadata = SubstrateReferenceFixture.FixturePath(MetadataFixtures.V14File), data = Assert.Single(_chain.State.Submitted) })[0]!.AsObject();
        Assert.Equal(("subtensorModule", "commitTimelockedWeights", _wallet.Address), ((string)decoded["section"]!, (string)decoded["method"]!, (string)decoded["signer"]!));
    }

    [Theory]
    [InlineData("wrong-call", "calls System.remark, not a SubtensorModule weights commit.")]
    [InlineData("wrong-hash", "but that block does not hold it.")]
    [InlineData("refuse", "The commit-reveal signer refused: drand is unreachable")]
    [InlineData("exit3", "The commit-reveal signer exited with code 3: wrong password for the hotkey.")]
    [InlineData("garbage", "The commit-reveal signer's answer is not valid JSON.")]
    [InlineData("flood", "The commit-reveal signer wrote more than 65536 bytes to standard output.")]
    [InlineData("hang", "The commit-reveal signer did not finish within 2 s and was stopped.")]
    public async Task Signer_FailsOrLies_DeferredWithTheReason(string mode, string expected)
    {
        var result = await SetWeightsAsync(mode);
        Assert.True(result.IsT1);
        Assert.EndsWith(expected, result.AsT1.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signer_CommandMissing_DeferredNamingIt()
    {
        SubtensorOptions options = Options("commit");
        options.SignerCommand = Path.Combine(_wallet.Folder, "no-such-signer");
        await using var chain = new SubtensorChain(options, TimeProvider.System, NullLoggerFactory.Instance);
        await chain.GetHeadAsync(CancellationToken.None);
        var result = await chain.SetWeightsAsync(Weights(), CancellationToken.None);
        Assert.True(result.IsT1);
        Assert.StartsWith("The commit-reveal signer 'no-such-signer' could not be started", result.AsT1.Reason, StringComparison.Ordinal);
    }

    private async Task<OneOf.OneOf<OneOf.Types.Success, Deferred>> SetWeightsAsync(string mode)
    {
        await using var chain = new SubtensorChain(Options(mode), TimeProvider.System, NullLoggerFactory.Instance);
        await chain.GetHeadAsync(CancellationToken.None);
        return await chain.SetWeightsAsync(Weights(), CancellationToken.None);
    }

    private WeightVector Weights() => new(new Dictionary<string, double> { [Ss58.Encode(_miners[2])] = 3.0, [Ss58.Encode(_miners[0])] = 1.0 });

    private SubtensorOptions Options(string mode)
    {
        SubtensorOptions options = _wallet.Use(_chain.Options());
        options.SignerCommand = "node";
        options.SignerArguments.Add(Path.Combine(reference.ToolFolder, "fixture-signer.mjs"));
        options.SignerArguments.Add(mode);
        options.SignerArguments.Add(_copy);
        options.SignerTimeoutSeconds = mode == "hang" ? 2 : 60;
        return options;
    }
}
