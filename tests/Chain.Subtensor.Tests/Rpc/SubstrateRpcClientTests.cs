using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Plugins.Chain.Subtensor.Configuration;
using Tournament.Plugins.Chain.Subtensor.Rpc;

namespace Tournament.Chain.Subtensor.Tests.Rpc;

/// <summary>The real client against a loopback node that answers, fails and misbehaves.</summary>
public sealed class SubstrateRpcClientTests : IAsyncLifetime
{
    private const string Hash = "0x2830271e820b419253b79cbafea83f726354bbef26eb318835ffa774288de9ff";
    private LoopbackNode _node = null!;

    public async Task InitializeAsync()
    {
        _node = await LoopbackNode.StartAsync();
        _node.Handler = (method, _) => method == "chain_getFinalizedHead" ? new NodeReply.Result(Hash) : null;
    }

    public async Task DisposeAsync() => await _node.DisposeAsync();

    [Fact]
    public async Task Call_OverWebSocket_ReturnsTheResult()
    {
        await using var client = Client();
        Assert.Equal(Hash, (await client.CallAsync("chain_getFinalizedHead", [], CancellationToken.None)).GetString());
        Assert.Equal(Hash, (await client.CallAsync("chain_getFinalizedHead", [], CancellationToken.None)).GetString());
        Assert.Equal(1, _node.Connections);
    }

    [Fact]
    public async Task Call_NodeError_IsUnavailableWithTheCodeAndNotRetried()
    {
        await using var client = Client();
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.CallAsync("state_getNope", [], CancellationToken.None));
        Assert.Equal("The node answered state_getNope with error -32601: Method not found: state_getNope.", ex.Message);
        Assert.Single(_node.Requests);
    }

    public static TheoryData<string, string> BrokenMessages => new()
    {
        { "{not json", "malformed or truncated" },
        { "{\"jsonrpc\":\"2.0\",\"id\":{id},\"result\":\"0x28", "malformed or truncated" },
        { "[1,2,3]", "not an object" },
        { "{\"jsonrpc\":\"2.0\",\"id\":{id}}", "neither a result nor an error" },
    };

    [Theory]
    [MemberData(nameof(BrokenMessages))]
    public async Task Call_BrokenMessageThenGood_RetriesOnAFreshConnection(string text, string _)
    {
        _node.AddFault(new NodeReply.Raw(text));
        await using var client = Client();
        Assert.Equal(Hash, (await client.CallAsync("chain_getFinalizedHead", [], CancellationToken.None)).GetString());
    }

    [Theory]
    [MemberData(nameof(BrokenMessages))]
    public async Task Call_BrokenEveryTime_IsUnavailable(string text, string expected)
    {
        _node.Handler = (_, _) => new NodeReply.Raw(text);
        await using var client = Client(retries: 1);
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.CallAsync("chain_getFinalizedHead", [], CancellationToken.None));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, _node.Requests.Count);
    }

    [Fact]
    public async Task Call_Oversized_IsUnavailable()
    {
        _node.Handler = (_, _) => new NodeReply.Oversized(200_000);
        await using var client = Client(retries: 0, maxBytes: 100_000);
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.CallAsync("state_getMetadata", [], CancellationToken.None));
        Assert.Contains("over the limit of 100000 bytes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_Silent_TimesOutAsUnavailableNotCancelled()
    {
        _node.Handler = (_, _) => new NodeReply.Silent();
        await using var client = Client(retries: 0, timeoutSeconds: 1);
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.CallAsync("chain_getFinalizedHead", [], CancellationToken.None));
        Assert.Equal("The Subtensor node did not answer chain_getFinalizedHead within 1 s.", ex.Message);
    }

    [Fact]
    public async Task Call_DroppedSocket_ReconnectsAndSucceeds()
    {
        _node.AddFault(new NodeReply.Drop());
        _node.AddFault(new NodeReply.Drop());
        await using var client = Client(retries: 3);
        Assert.Equal(Hash, (await client.CallAsync("chain_getFinalizedHead", [], CancellationToken.None)).GetString());
        Assert.Equal(3, _node.Connections);
    }

    [Fact]
    public async Task Call_NotIdempotent_IsNeverRepeated()
    {
        _node.AddFault(new NodeReply.Drop());
        await using var client = Client(retries: 3);
        await Assert.ThrowsAsync<ChainUnavailableException>(() => client.CallAsync("author_submitExtrinsic", ["0x00"], CancellationToken.None, idempotent: false));
        Assert.Single(_node.Requests);
    }

    [Fact]
    public async Task Call_WebSocketRefused_FallsBackToHttp()
    {
        _node.RefuseWebSockets = true;
        await using var client = Client(http: true);
        Assert.Equal(Hash, (await client.CallAsync("chain_getFinalizedHead", [], CancellationToken.None)).GetString());
        Assert.Equal(0, _node.Connections);
        Assert.Single(_node.Requests);
    }

    [Fact]
    public async Task Call_HttpWrongId_IsUnavailable()
    {
        _node.Handler = (_, _) => new NodeReply.Raw("{\"jsonrpc\":\"2.0\",\"id\":424242,\"result\":\"0x00\"}");
        var options = Options(0, 5, 1 << 20, http: false);
        options.Endpoint = _node.HttpEndpoint.ToString();
        await using var client = new SubstrateRpcClient(options, TimeProvider.System, NullLogger<SubstrateRpcClient>.Instance);
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.CallAsync("chain_getFinalizedHead", [], CancellationToken.None));
        Assert.Contains("mismatched id", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_NodeUnreachable_IsUnavailable()
    {
        var options = Options(0, 5, 1 << 20, http: false);
        options.Endpoint = "ws://127.0.0.1:1/";
        await using var client = new SubstrateRpcClient(options, TimeProvider.System, NullLogger<SubstrateRpcClient>.Instance);
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => client.CallAsync("chain_getFinalizedHead", [], CancellationToken.None));
        Assert.Contains("Could not open a WebSocket", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_CallerCancels_IsCancellation()
    {
        _node.Handler = (_, _) => new NodeReply.Silent();
        await using var client = Client(retries: 0, timeoutSeconds: 60);
        using var cts = new CancellationTokenSource();
        Task<JsonElement> call = client.CallAsync("chain_getFinalizedHead", [], cts.Token);
        while (_node.Requests.IsEmpty)
        {
            await Task.Delay(10);
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public void Options_BadEndpoint_IsOneSentence()
    {
        var options = Options(0, 5, 1 << 20, http: false);
        options.Endpoint = "ftp://node";
        var ex = Assert.Throws<ArgumentException>(() => new SubstrateRpcClient(options, TimeProvider.System, NullLogger<SubstrateRpcClient>.Instance));
        Assert.StartsWith("Subtensor:Endpoint 'ftp://node' is not a ws/wss/http/https URL.", ex.Message, StringComparison.Ordinal);
    }

    private SubstrateRpcClient Client(int retries = 2, int timeoutSeconds = 10, int maxBytes = 1 << 20, bool http = false)
        => new(Options(retries, timeoutSeconds, maxBytes, http), TimeProvider.System, NullLogger<SubstrateRpcClient>.Instance);

    private SubtensorOptions Options(int retries, int timeoutSeconds, int maxBytes, bool http) => new()
    {
        Endpoint = _node.WebSocketEndpoint.ToString(),
        HttpEndpoint = http ? _node.HttpEndpoint.ToString() : null,
        MaxRetries = retries,
        RequestTimeoutSeconds = timeoutSeconds,
        MaxMessageBytes = maxBytes,
        RetryBaseDelayMilliseconds = 10,
    };
}
