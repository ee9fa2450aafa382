using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Extrinsics;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Signing;

namespace Tournament.Chain.Subtensor.Tests.Chain;

/// <summary>
/// The IChain component against the loopback node: a round's reads, then set_weights signed with a hotkey file,
/// submitted, decoded by @polkadot/types and its signature checked by our verifier and both npm references.
/// </summary>
[Collection(SubstrateReferenceGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SubtensorChainTests(SubstrateReferenceFixture reference) : IAsyncLifetime
{
    private readonly int _seed = Random.Shared.Next();
    private ChainScenario _chain = null!;
    private TestWallet _wallet = null!;
    private Sr25519Keypair _validator = null!;
    private byte[][] _miners = [];

    public async Task InitializeAsync()
    {
        _chain = await ChainScenario.StartAsync();
        var rng = new Random(_seed);
        _wallet = new TestWallet(rng);
        _validator = _wallet.Key;
        _miners = [.. Enumerable.Range(0, 4).Select(_ => ChainScenario.RandomAccount(rng))];
    }

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        _wallet.Delete();
    }

    [Fact]
    public async Task Round_ReadsAtThePinnedBlock_ThenSetWeightsSubmitsAVerifiableExtrinsic()
    {
        Seed(permit: true, commitReveal: false, lastUpdate: 10, rateLimit: 100);
        await using var chain = Chain();
        ChainHead head = await chain.GetHeadAsync(CancellationToken.None);
        IReadOnlyList<Neuron> neurons = await chain.GetNeuronsAsync(CancellationToken.None);
        Assert.Equal(5, neurons.Count);
        Assert.Equal(Ss58.Encode(_validator.PublicKey), neurons[0].Hotkey);

        var weights = new WeightVector(new Dictionary<string, double> { [Ss58.Encode(_miners[2])] = 3.0, [Ss58.Encode(_miners[0])] = 1.0, ["5NotOnTheSubnet"] = 9.0 });
        var result = await chain.SetWeightsAsync(weights, CancellationToken.None);

        Assert.True(result.IsT0, result.IsT1 ? result.AsT1.Reason : "");
        string extrinsic = Assert.Single(_chain.State.Submitted);
        JsonObject decoded = reference.Run(new { op = "decodeExtrinsic", metadata = SubstrateReferenceFixture.FixturePath(MetadataFixtures.V14File), data = extrinsic })[0]!.AsObject();
        Assert.Equal("setWeights", (string)decoded["method"]!);
        Assert.Equal(Ss58.Encode(_validator.PublicKey), (string)decoded["signer"]!);
        Assert.Equal(7, (int)decoded["nonce"]!);
        Assert.Equal([1, 3], decoded["args"]![1]!.AsArray().Select(x => (int)x!)); // UIDs of miners 0 and 2
        Assert.Equal([21845, 65535], decoded["args"]![2]!.AsArray().Select(x => (int)x!));
        Assert.Equal(4242, (long)decoded["args"]![3]!);

        // Rebuild what was signed from the chain's values and check the signature three ways.
        RuntimeMetadata metadata = MetadataDecoder.Decode(MetadataFixtures.Bytes(MetadataFixtures.V14File));
        byte[] raw = Hex.Parse(extrinsic);
        byte[] call = raw[^(raw.Length - CallOffset(raw))..];
        var context = new ExtrinsicContext(7, Era.Mortal(64, (ulong)head.Number), Hex.Parse(head.Hash), Hex.Parse(FakeChainState.Genesis), 320, 1, 0);
        byte[] message = SignedExtrinsic.MessageToSign(SignedExtrinsic.SigningPayload(metadata, call, context));
        byte[] signature = Hex.Parse((string)decoded["signature"]!);
        Assert.True(Sr25519.Verify(_validator.PublicKey, message, signature));
        JsonObject npm = reference.Run(new { op = "sr25519Verify", items = new[] { new { publicKey = Hex.Of(_validator.PublicKey), message = Hex.Of(message), signature = Hex.Of(signature) } } })[0]![0]!.AsObject();
        Assert.True((bool)npm["polkadot"]! && (bool)npm["scure"]!);
        Assert.All(_chain.State.ReadsAt, at => Assert.Equal(FakeChainState.BlockHash, at));
    }

    [Theory]
    [InlineData("finalized", FakeChainState.BlockNumber, FakeChainState.BlockHash)]
    [InlineData("best", FakeChainState.BestNumber, FakeChainState.BestHash)]
    public async Task Head_TheConfiguredKind_IsPinnedAndEveryReadOfTheRoundUsesIt(string kind, long number, string hash)
    {
        Seed(permit: true, commitReveal: false, lastUpdate: 10, rateLimit: 100);
        long now = 1_700_000_000_000 + new Random(_seed).Next();
        _chain.Put(reference, "timestamp", "now", [([], now)]);
        SubtensorOptions options = _wallet.Use(_chain.Options());
        options.Head = kind;
        await using var chain = new SubtensorChain(options, TimeProvider.System, NullLoggerFactory.Instance);

        ChainHead head = await chain.GetHeadAsync(CancellationToken.None);
        await chain.GetNeuronsAsync(CancellationToken.None);
        await chain.GetCommitmentsAsync(head.Number, CancellationToken.None);

        Assert.Equal((number, hash), (head.Number, head.Hash));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(now), head.Timestamp);
        Assert.All(_chain.State.ReadsAt, at => Assert.Equal(hash, at));
        Assert.Equal(kind == "finalized", _chain.Node.Requests.Any(r => r.Method == "chain_getFinalizedHead"));
    }

    [Theory]
    [InlineData(false, false, 10, 100, "has no validator permit")]
    [InlineData(true, true, 10, 100, "uses commit-reveal weights")]
    [InlineData(true, false, FakeChainState.BlockNumber - 5, 100, "rate limit is 100 blocks")]
    public async Task SetWeights_PreCheckFails_DeferredWithTheReasonAndNothingSent(bool permit, bool commitReveal, long lastUpdate, long rateLimit, string expected)
    {
        Seed(permit, commitReveal, lastUpdate, rateLimit);
        await using var chain = Chain();
        await chain.GetHeadAsync(CancellationToken.None);
        var result = await chain.SetWeightsAsync(new WeightVector(new Dictionary<string, double> { [Ss58.Encode(_miners[0])] = 1 }), CancellationToken.None);
        Assert.True(result.IsT1);
        Assert.Contains(expected, result.AsT1.Reason, StringComparison.Ordinal);
        Assert.Empty(_chain.State.Submitted);
    }

    [Fact]
    public async Task SetWeights_NodeDropsDuringTheChecks_IsDeferredNotThrown()
    {
        Seed(permit: true, commitReveal: false, lastUpdate: 10, rateLimit: 100);
        await using var chain = Chain();
        await chain.GetHeadAsync(CancellationToken.None);
        _chain.Node.Handler = (method, p) => method == "state_getStorage" ? new NodeReply.Drop() : _chain.State.Handle(method, p);
        var result = await chain.SetWeightsAsync(new WeightVector(new Dictionary<string, double> { [Ss58.Encode(_miners[0])] = 1 }), CancellationToken.None);
        Assert.True(result.IsT1);
        Assert.Empty(_chain.State.Submitted);
    }

    private SubtensorChain Chain()
    {
        SubtensorOptions options = _wallet.Use(_chain.Options());
        options.InclusionPollSeconds = 0;
        return new SubtensorChain(options, TimeProvider.System, NullLoggerFactory.Instance);
    }

    private void Seed(bool permit, bool commitReveal, long lastUpdate, long rateLimit)
        => _chain.SeedSubnet(reference, _validator.PublicKey, _miners, permit, commitReveal, lastUpdate, rateLimit);

    /// <summary>Where the call starts in a signed v4 extrinsic built by this client: length, 0x84, address, signature, extra.</summary>
    private static int CallOffset(byte[] raw)
    {
        var reader = new Tournament.Plugins.Chain.Subtensor.Scale.ScaleReader(raw);
        reader.ReadCompact();
        reader.ReadRaw(1 + 33 + 65);
        reader.ReadRaw(2); // era
        reader.ReadCompact(); // nonce
        reader.ReadCompact(); // tip
        reader.ReadRaw(1); // metadata hash mode
        return reader.Position;
    }
}
