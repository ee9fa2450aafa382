using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Extrinsics;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.Signing;
using Tournament.Plugins.Chain.Subtensor.State;

namespace Tournament.Chain.Subtensor.Tests.Extrinsics;

/// <summary>
/// Inclusion by subscription against the loopback node: author_submitAndWatchExtrinsic, the statuses it sends, the
/// block reported, every failure a ChainUnavailableException (the caller's Deferred), and the HTTP nonce-poll path.
/// </summary>
[Collection(SubstrateReferenceGroup.Name)]
public sealed class InclusionTests(SubstrateReferenceFixture reference) : IAsyncLifetime
{
    private static readonly RuntimeMetadata Metadata = MetadataDecoder.Decode(MetadataFixtures.Bytes(MetadataFixtures.V14File));
    private readonly Sr25519Keypair _key = Sr25519.FromSeed(ChainScenario.RandomAccount(new Random(Random.Shared.Next())));
    private ChainScenario _chain = null!;

    public async Task InitializeAsync() => _chain = await ChainScenario.StartAsync();

    public async Task DisposeAsync() => await _chain.DisposeAsync();

    [Fact]
    public async Task Watched_InBlock_ReportsTheBlockThatHoldsIt_AndUnwatches()
    {
        Inclusion inclusion = await SubmitAsync(_chain.Options());

        Assert.Equal(FakeChainState.IncludedNumber, inclusion.Number);
        Assert.Equal(FakeChainState.IncludedHash, inclusion.Hash);
        string extrinsic = Assert.Single(_chain.State.Submitted);
        Assert.Equal((string)reference.Run(new { op = "blake2", bits = 256, data = new[] { extrinsic } })[0]![0]!, inclusion.TxHash);
        string[] methods = [.. _chain.Node.Requests.Select(r => r.Method)];
        Assert.Contains("author_submitAndWatchExtrinsic", methods);
        Assert.DoesNotContain("author_submitExtrinsic", methods);
        Assert.Contains("author_unwatchExtrinsic", methods);
    }

    [Fact]
    public async Task Watched_Finalized_WaitsPastARetractedBlockForFinality()
    {
        const string other = FakeChainState.BestHash;
        _chain.State.WatchStatuses =
        [
            "future", "ready", new JsonObject { ["inBlock"] = other }, new JsonObject { ["retracted"] = other },
            new JsonObject { ["inBlock"] = FakeChainState.IncludedHash }, new JsonObject { ["finalized"] = FakeChainState.IncludedHash },
        ];
        SubtensorOptions options = _chain.Options();
        options.WaitFor = "finalized";
        Inclusion inclusion = await SubmitAsync(options);
        Assert.Equal(FakeChainState.IncludedNumber, inclusion.Number);
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "\"dropped\"", "dropped extrinsic" },
        { "\"invalid\"", "declared extrinsic" },
        { "{\"usurped\":\"" + FakeChainState.BestHash + "\"}", "replaced in the node's pool" },
        { "{\"finalityTimeout\":\"" + FakeChainState.IncludedHash + "\"}", "not finalized in time" },
        { "\"teleported\"", "unknown status" },
        { "42", "neither a string nor a one-key object" },
        { "{\"inBlock\":\"0x1234\",\"finalized\":\"0x1234\"}", "neither a string nor a one-key object" },
        { "{\"inBlock\":\"0x1234\"}", "not a 32-byte hash" },
        { "{\"inBlock\":7}", "not 0x-prefixed hex" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Watched_BadOrFailedStatus_IsUnavailableWithTheReason(string status, string expected)
    {
        _chain.State.WatchStatuses = ["ready", JsonNode.Parse(status)];
        SubtensorOptions options = _chain.Options();
        options.WaitFor = "finalized";
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => SubmitAsync(options));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Single(_chain.State.Submitted); // never resubmitted
    }

    [Fact]
    public async Task Watched_BrokenNotification_IsUnavailableAndNotResubmitted()
    {
        _chain.State.WatchStatuses = ["ready", null];
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => SubmitAsync(_chain.Options()));
        Assert.Contains("malformed or truncated", ex.Message, StringComparison.Ordinal);
        Assert.Single(_chain.State.Submitted);
    }

    [Fact]
    public async Task Watched_InBlockButNeverFinalized_TimesOutNamingTheBlock()
    {
        _chain.State.WatchStatuses = [new JsonObject { ["inBlock"] = FakeChainState.IncludedHash }];
        SubtensorOptions options = _chain.Options();
        options.WaitFor = "finalized";
        options.InclusionTimeoutSeconds = 1;
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => SubmitAsync(options));
        Assert.Equal($"Extrinsic {Hash(Assert.Single(_chain.State.Submitted))} was in block {FakeChainState.IncludedHash} but not finalized within 1 s.", ex.Message);
    }

    [Fact]
    public async Task Watched_NoSubscriptionId_IsUnavailable()
    {
        _chain.Node.Handler = (method, p) => method == "author_submitAndWatchExtrinsic" ? new NodeReply.Result(new JsonObject()) : _chain.State.Handle(method, p);
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => SubmitAsync(_chain.Options()));
        Assert.Equal("The node answered author_submitAndWatchExtrinsic without a subscription id.", ex.Message);
    }

    [Fact]
    public async Task HttpOnly_SubmitsOnceAndPollsTheNonce_ReportingTheBestBlockThen()
    {
        SubtensorOptions options = _chain.Options();
        options.Endpoint = _chain.Node.HttpEndpoint.ToString();
        options.InclusionPollSeconds = 0;
        Inclusion inclusion = await SubmitAsync(options);
        Assert.Equal(FakeChainState.IncludedNumber, inclusion.Number);
        Assert.Equal(FakeChainState.IncludedHash, inclusion.Hash);
        Assert.Single(_chain.Node.Requests, r => r.Method == "author_submitExtrinsic");
        Assert.DoesNotContain(_chain.Node.Requests, r => r.Method == "author_submitAndWatchExtrinsic");
    }

    private async Task<Inclusion> SubmitAsync(SubtensorOptions options)
    {
        await using var rpc = new SubstrateRpcClient(options, TimeProvider.System, NullLogger<SubstrateRpcClient>.Instance);
        var submitter = new Submitter(rpc, options, TimeProvider.System, NullLogger.Instance);
        byte[] call = SignedExtrinsic.Call(Metadata, "System", "remark", new Dictionary<string, Tournament.Plugins.Chain.Subtensor.Scale.ScaleValue>
        {
            ["remark"] = new Tournament.Plugins.Chain.Subtensor.Scale.ScaleValue.Bytes([1, 2, 3]),
        });
        return await submitter.SubmitAsync(new ChainStorage(rpc, Metadata), call, _key, FakeChainState.BlockNumber, FakeChainState.BlockHash, CancellationToken.None);
    }

    private static string Hash(string extrinsic) => Hex.Of(Tournament.Plugins.Chain.Subtensor.Hashing.SubstrateHash.Blake2b(Hex.Parse(extrinsic), 256));
}
