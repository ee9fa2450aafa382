using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Keys;
using Tournament.Plugins.Chain.Subtensor.Rpc;

namespace Tournament.Chain.Subtensor.Tests.Support;

/// <summary>A loopback node holding a subnet whose storage is encoded by @polkadot/types from the recorded metadata.</summary>
internal sealed class ChainScenario : IAsyncDisposable
{
    public const ushort Netuid = 3;

    private ChainScenario(LoopbackNode node, FakeChainState state)
    {
        Node = node;
        State = state;
    }

    public LoopbackNode Node { get; }

    public FakeChainState State { get; }

    public static async Task<ChainScenario> StartAsync()
    {
        var state = new FakeChainState(MetadataFixtures.Bytes(MetadataFixtures.V14File));
        var node = await LoopbackNode.StartAsync();
        node.Handler = state.Handle;
        return new ChainScenario(node, state);
    }

    public SubtensorOptions Options() => new()
    {
        Endpoint = Node.WebSocketEndpoint.ToString(),
        Netuid = Netuid,
        MaxRetries = 0,
        RequestTimeoutSeconds = 30,
    };

    public SubstrateRpcClient Client() => new(Options(), TimeProvider.System, NullLogger<SubstrateRpcClient>.Instance);

    /// <summary>Encodes entries of one storage item with the reference and stores them.</summary>
    public void Put(SubstrateReferenceFixture reference, string pallet, string item, IEnumerable<(object[] Args, object Value)> entries)
        => PutAll(reference, (pallet, item, entries));

    /// <summary>Encodes entries of several storage items in one reference run (node start-up dominates its cost).</summary>
    public void PutAll(SubstrateReferenceFixture reference, params (string Pallet, string Item, IEnumerable<(object[] Args, object Value)> Entries)[] items)
    {
        string metadata = SubstrateReferenceFixture.FixturePath(MetadataFixtures.V14File);
        object[] ops = [.. items.Select(i => new { op = "storageEntries", metadata, pallet = i.Pallet, item = i.Item, entries = i.Entries.Select(e => new { args = e.Args, value = e.Value }).ToArray() })];
        foreach (JsonNode? result in reference.Run(ops))
        {
            foreach (JsonNode? e in result!.AsArray())
            {
                State.Put((string)e!["key"]!, (string)e["value"]!);
            }
        }
    }

    /// <summary>
    /// A subnet with the validator at UID 0 and the miners at UIDs 1.., the validator's permit, last update, the rate
    /// limit, commit-reveal and version key 4242.
    /// </summary>
    public void SeedSubnet(SubstrateReferenceFixture reference, byte[] validator, byte[][] miners, bool permit, bool commitReveal, long lastUpdate, long rateLimit)
    {
        const ushort n = Netuid;
        byte[][] accounts = [validator, .. miners];
        PutAll(
            reference,
            ("subtensorModule", "keys", accounts.Select((a, uid) => (new object[] { n, uid }, (object)Ss58.Encode(a)))),
            ("subtensorModule", "blockAtRegistration", accounts.Select((_, uid) => (new object[] { n, uid }, (object)(100 + uid)))),
            ("subtensorModule", "uids", [(new object[] { n, Ss58.Encode(validator) }, 0)]),
            ("subtensorModule", "validatorPermit", [(new object[] { n }, accounts.Select((_, i) => i == 0 && permit).ToArray())]),
            ("subtensorModule", "lastUpdate", [(new object[] { n }, accounts.Select((_, i) => i == 0 ? lastUpdate : 0).ToArray())]),
            ("subtensorModule", "weightsSetRateLimit", [(new object[] { n }, rateLimit)]),
            ("subtensorModule", "commitRevealWeightsEnabled", [(new object[] { n }, commitReveal)]),
            ("subtensorModule", "weightsVersionKey", [(new object[] { n }, 4242)]));
    }

    /// <summary>
    /// Makes the node do what the runtime does with a submitted set_commitment (decoded by @polkadot/types):
    /// CommitmentOf(netuid, signer) = {deposit: 0, block: the including block, info}.
    /// </summary>
    public void ApplyCommitments(SubstrateReferenceFixture reference)
        => State.OnSubmitted = extrinsic =>
        {
            JsonObject decoded = reference.Run(new { op = "decodeExtrinsic", metadata = SubstrateReferenceFixture.FixturePath(MetadataFixtures.V14File), data = extrinsic })[0]!.AsObject();
            if ((string)decoded["method"]! == "setCommitment")
            {
                Put(reference, "commitments", "commitmentOf", [([(int)decoded["args"]![0]!, (string)decoded["signer"]!], new { deposit = 0, block = FakeChainState.IncludedNumber, info = decoded["args"]![1] })]);
            }
        };

    public static byte[] RandomAccount(Random rng)
    {
        byte[] b = new byte[32];
        rng.NextBytes(b);
        return b;
    }

    public static string Address(byte[] account) => Ss58.Encode(account);

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}
