using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Plugins.Chain.Subtensor.Extrinsics;
using Tournament.Plugins.Chain.Subtensor.Metadata;
using Tournament.Plugins.Chain.Subtensor.Rpc;
using Tournament.Plugins.Chain.Subtensor.State;

namespace Tournament.Chain.Subtensor.Tests.State;

/// <summary>
/// Our hotkey's UID, permit, last update, stake (TotalHotkeyAlpha) and the subnet's limits read at the round's block,
/// values encoded by @polkadot/types; then hostile values (truncated, trailing bytes, absurd lengths) for the same keys.
/// </summary>
[Collection(SubstrateReferenceGroup.Name)]
public sealed class ValidatorStatusTests(SubstrateReferenceFixture reference) : IAsyncLifetime
{
    private const ushort Netuid = ChainScenario.Netuid;
    private static readonly RuntimeMetadata Metadata = MetadataDecoder.Decode(MetadataFixtures.Bytes(MetadataFixtures.V14File));
    private readonly Random _rng = new(Random.Shared.Next());
    private ChainScenario _chain = null!;
    private byte[] _hotkey = [];

    public async Task InitializeAsync()
    {
        _chain = await ChainScenario.StartAsync();
        _hotkey = ChainScenario.RandomAccount(_rng);
    }

    public async Task DisposeAsync() => await _chain.DisposeAsync();

    [Fact]
    public async Task Read_EveryValueAtTheBlock_AsTheReferenceEncodedIt()
    {
        int uid = _rng.Next(0, 256);
        long stake = _rng.NextInt64(1, long.MaxValue), threshold = _rng.NextInt64(1, 1L << 50), last = _rng.Next(1, 6_000_000);
        bool[] permits = [.. Enumerable.Range(0, 256).Select(i => i == uid || _rng.Next(2) == 0)];
        long[] updates = [.. Enumerable.Range(0, 256).Select(i => i == uid ? last : _rng.Next())];
        string hotkey = ChainScenario.Address(_hotkey);
        _chain.PutAll(
            reference,
            ("subtensorModule", "uids", [([Netuid, hotkey], uid)]),
            ("subtensorModule", "validatorPermit", [([Netuid], permits)]),
            ("subtensorModule", "lastUpdate", [([Netuid], updates)]),
            ("subtensorModule", "weightsSetRateLimit", [([Netuid], 360)]),
            ("subtensorModule", "weightsVersionKey", [([Netuid], 77)]),
            ("subtensorModule", "commitRevealWeightsEnabled", [([Netuid], false)]),
            ("subtensorModule", "totalHotkeyAlpha", [([hotkey, Netuid], stake.ToString(System.Globalization.CultureInfo.InvariantCulture))]),
            ("subtensorModule", "stakeThreshold", [([], threshold)]));

        ValidatorStatus status = await ReadAsync();

        Assert.Equal(new ValidatorStatus((ushort)uid, true, (ulong)last, 360, false, 77, (ulong)stake, (ulong)threshold), status);
        Assert.All(_chain.State.ReadsAt, at => Assert.Equal(FakeChainState.BlockHash, at));
    }

    [Fact]
    public async Task Read_Unregistered_HasNoUidNoPermitAndZeroStake()
    {
        ValidatorStatus status = await ReadAsync();
        Assert.Equal((null, false, 0UL, 0UL), (status.Uid, status.HasPermit, status.LastUpdate, status.Stake));
        Assert.True(status.CommitReveal); // the runtime's default for a subnet that never set it
    }

    public static TheoryData<string, string[], string> Hostile => new()
    {
        { "totalHotkeyAlpha", ["HOTKEY", "3"], "0x010203" },               // truncated u64
        { "totalHotkeyAlpha", ["HOTKEY", "3"], "0x010203040506070809" },   // trailing byte
        { "stakeThreshold", [], "0x" },                                     // empty
        { "uids", ["3", "HOTKEY"], "0x01" },                                // truncated u16
        { "validatorPermit", ["3"], "0xfeffffff" },                         // Vec<bool> claiming 2^30 items
        { "lastUpdate", ["3"], "0x080100000000000000" },                    // two u64 claimed, one and a bit sent
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Read_HostileValue_IsUnavailableNamingTheItem(string item, string[] args, string value)
    {
        string hotkey = ChainScenario.Address(_hotkey);
        _chain.Put(reference, "subtensorModule", "uids", [([Netuid, hotkey], 0)]);
        object[] keyArgs = [.. args.Select(a => a == "HOTKEY" ? hotkey : (object)int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))];
        string key = (string)reference.Run(new { op = "storageKey", metadata = SubstrateReferenceFixture.FixturePath(MetadataFixtures.V14File), pallet = "subtensorModule", item, args = new[] { keyArgs } })[0]![0]!;
        _chain.State.Put(key, value);

        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(ReadAsync);
        Assert.Contains("does not decode", ex.Message, StringComparison.Ordinal);
        Assert.Contains(char.ToUpperInvariant(item[0]) + item[1..], ex.Message, StringComparison.Ordinal);
    }

    private async Task<ValidatorStatus> ReadAsync()
    {
        await using SubstrateRpcClient rpc = _chain.Client();
        return await ValidatorStatus.ReadAsync(new ChainStorage(rpc, Metadata), Netuid, _hotkey, FakeChainState.BlockHash, CancellationToken.None);
    }
}
