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
    {
        object[] list = [.. entries.Select(e => new { args = e.Args, value = e.Value })];
        if (list.Length == 0)
        {
            return;
        }

        JsonArray encoded = reference.Run(new { op = "storageEntries", metadata = SubstrateReferenceFixture.FixturePath(MetadataFixtures.V14File), pallet, item, entries = list })[0]!.AsArray();
        foreach (JsonNode? e in encoded)
        {
            State.Put((string)e!["key"]!, (string)e["value"]!);
        }
    }

    public static byte[] RandomAccount(Random rng)
    {
        byte[] b = new byte[32];
        rng.NextBytes(b);
        return b;
    }

    public static string Address(byte[] account) => Ss58.Encode(account);

    public async ValueTask DisposeAsync() => await Node.DisposeAsync();
}
