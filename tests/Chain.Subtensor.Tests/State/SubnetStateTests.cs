using System.Text;
using Tournament.Abstractions;
using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.State;

namespace Tournament.Chain.Subtensor.Tests.State;

/// <summary>Commitments and neurons read through the real client from a loopback node whose storage @polkadot/types encoded.</summary>
[Collection(SubstrateReferenceGroup.Name)]
public sealed class SubnetStateTests(SubstrateReferenceFixture reference) : IAsyncLifetime
{
    private readonly int _seed = Random.Shared.Next();
    private ChainScenario _chain = null!;

    public async Task InitializeAsync() => _chain = await ChainScenario.StartAsync();

    public async Task DisposeAsync() => await _chain.DisposeAsync();

    [Fact]
    public async Task Head_Finalized_IsTheRecordedBlockAndItsTimestamp()
    {
        _chain.Put(reference, "timestamp", "now", [([], 1_733_000_000_123L)]);
        await using var rpc = _chain.Client();
        ChainHead head = await new SubtensorReader(rpc, _chain.Options()).HeadAsync(CancellationToken.None);
        Assert.Equal(new ChainHead(FakeChainState.BlockNumber, FakeChainState.BlockHash, DateTimeOffset.FromUnixTimeMilliseconds(1_733_000_000_123L)), head);
    }

    [Fact]
    public async Task Commitments_PlainAndRevealed_MapToTheChainsHotkeyAndBlock()
    {
        var rng = new Random(_seed);
        var expected = new List<(string Hotkey, long Block, string Data)>();
        var plain = new List<(object[], object)>();
        for (int i = 0; i < 12; i++)
        {
            byte[] account = ChainScenario.RandomAccount(rng);
            long block = rng.Next(1, (int)FakeChainState.BlockNumber);
            // The payload names another hotkey and block: neither may be believed.
            string data = $"hf:org/model-{i}@{Convert.ToHexString(ChainScenario.RandomAccount(rng))[..40]} hotkey=5Fake block=1";
            byte[] bytes = Encoding.UTF8.GetBytes(data);
            plain.Add(([ChainScenario.Netuid, ChainScenario.Address(account)], new { deposit = rng.Next(), block, info = new { fields = new object[] { new Dictionary<string, string> { [$"Raw{bytes.Length}"] = Hex.Of(bytes) } } } }));
            expected.Add((ChainScenario.Address(account), block, data));
        }

        byte[] hashed = ChainScenario.RandomAccount(rng), other = ChainScenario.RandomAccount(rng), revealer = ChainScenario.RandomAccount(rng), late = ChainScenario.RandomAccount(rng);
        plain.Add(([ChainScenario.Netuid, ChainScenario.Address(hashed)], new { deposit = 1, block = 9, info = new { fields = new object[] { new Dictionary<string, string> { ["Sha256"] = Hex.Of(new byte[32]) } } } }));
        plain.Add(([ChainScenario.Netuid + 1, ChainScenario.Address(other)], new { deposit = 1, block = 9, info = new { fields = new object[] { new Dictionary<string, string> { ["Raw1"] = "0x41" } } } }));
        string revealed = "hf:org/revealed@" + new string('a', 40);
        _chain.PutAll(
            reference,
            ("commitments", "commitmentOf", plain),
            ("commitments", "revealedCommitments", [
                ([ChainScenario.Netuid, ChainScenario.Address(revealer)], new object[] { new object[] { Hex.Of([.. new Tournament.Plugins.Chain.Subtensor.Scale.ScaleWriter().Text(revealed).Written]), 77 } }),
                ([ChainScenario.Netuid, ChainScenario.Address(late)], new object[] { new object[] { "0x0c616263", FakeChainState.BlockNumber + 5 } })]));
        expected.Add((ChainScenario.Address(revealer), 77, revealed));

        await using var rpc = _chain.Client();
        ChainStorage storage = await new SubtensorReader(rpc, _chain.Options()).StorageAtAsync(FakeChainState.BlockHash, CancellationToken.None);
        IReadOnlyList<Commitment> got = await SubnetState.CommitmentsAsync(storage, ChainScenario.Netuid, FakeChainState.BlockHash, FakeChainState.BlockNumber, CancellationToken.None);

        Assert.Equal(expected.OrderBy(e => e.Hotkey, StringComparer.Ordinal), got.Select(c => (c.Hotkey, c.Block, c.Data)).OrderBy(e => e.Hotkey, StringComparer.Ordinal));
        Assert.Equal(got.OrderBy(c => c.Block).ThenBy(c => c.Index), got);
        Assert.All(_chain.State.ReadsAt, at => Assert.Equal(FakeChainState.BlockHash, at));
    }

    [Fact]
    public async Task Neurons_OverTwoKeyPages_AllReadWithRegistrationBlocks()
    {
        var rng = new Random(_seed);
        int count = 1000 + rng.Next(2, 60);
        var accounts = Enumerable.Range(0, count).Select(_ => ChainScenario.RandomAccount(rng)).ToArray();
        long[] blocks = [.. Enumerable.Range(0, count).Select(_ => (long)rng.Next(1, 5_000_000))];
        _chain.PutAll(
            reference,
            ("subtensorModule", "keys", Enumerable.Range(0, count).Select(uid => (new object[] { ChainScenario.Netuid, uid }, (object)ChainScenario.Address(accounts[uid])))),
            ("subtensorModule", "blockAtRegistration", Enumerable.Range(0, count).Select(uid => (new object[] { ChainScenario.Netuid, uid }, (object)blocks[uid]))),
            ("subtensorModule", "keys", [([ChainScenario.Netuid + 1, 0], ChainScenario.Address(ChainScenario.RandomAccount(rng)))]));

        await using var rpc = _chain.Client();
        ChainStorage storage = await new SubtensorReader(rpc, _chain.Options()).StorageAtAsync(FakeChainState.BlockHash, CancellationToken.None);
        IReadOnlyList<Neuron> neurons = await SubnetState.NeuronsAsync(storage, ChainScenario.Netuid, FakeChainState.BlockHash, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, count).Select(uid => new Neuron(uid, ChainScenario.Address(accounts[uid]), blocks[uid])), neurons);
        Assert.True(_chain.Node.Requests.Count(r => r.Method == "state_getKeysPaged") >= 4, "both items need two pages");
    }

    [Fact]
    public async Task Commitments_ValueThatDoesNotDecode_IsUnavailable()
    {
        var rng = new Random(_seed);
        _chain.Put(reference, "commitments", "commitmentOf", [([ChainScenario.Netuid, ChainScenario.Address(ChainScenario.RandomAccount(rng))], new { deposit = 1, block = 9, info = new { fields = new object[] { new Dictionary<string, string> { ["Raw3"] = "0x414243" } } } })]);
        string key = _chain.State.FirstKey();
        _chain.State.Put(key, _chain.State.Get(key)[..^2]); // truncated by one byte
        await using var rpc = _chain.Client();
        ChainStorage storage = await new SubtensorReader(rpc, _chain.Options()).StorageAtAsync(FakeChainState.BlockHash, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => SubnetState.CommitmentsAsync(storage, ChainScenario.Netuid, FakeChainState.BlockHash, FakeChainState.BlockNumber, CancellationToken.None));
        Assert.Contains("Commitments.CommitmentOf value does not decode", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_KeyOutsideThePrefix_IsUnavailable()
    {
        _chain.Node.Handler = (method, p) => method == "state_getKeysPaged"
            ? new NodeReply.Result(new System.Text.Json.Nodes.JsonArray("0x" + new string('0', 96)))
            : _chain.State.Handle(method, p);
        await using var rpc = _chain.Client();
        ChainStorage storage = await new SubtensorReader(rpc, _chain.Options()).StorageAtAsync(FakeChainState.BlockHash, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => SubnetState.NeuronsAsync(storage, ChainScenario.Netuid, FakeChainState.BlockHash, CancellationToken.None));
        Assert.Contains("outside the requested", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metadata_Garbage_IsUnavailable()
    {
        _chain.Node.Handler = (method, p) => method == "state_getMetadata" ? new NodeReply.Result("0x6d657461") : _chain.State.Handle(method, p);
        await using var rpc = _chain.Client();
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => new SubtensorReader(rpc, _chain.Options()).StorageAtAsync(FakeChainState.BlockHash, CancellationToken.None));
        Assert.Contains("metadata", ex.Message, StringComparison.Ordinal);
    }
}
