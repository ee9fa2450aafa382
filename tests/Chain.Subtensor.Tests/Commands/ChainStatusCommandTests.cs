using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Chain.Subtensor.Tests.Server;
using Tournament.Chain.Subtensor.Tests.Support;
using Tournament.Cli;
using Tournament.Plugins.Chain.Subtensor.Commands;
using Tournament.Plugins.Chain.Subtensor.Rpc;

namespace Tournament.Chain.Subtensor.Tests.Commands;

/// <summary>
/// <c>tournament chain status</c> against the loopback node, run the way the host runs a contributed command (parse
/// errors and <see cref="UserInputException"/> exit 2; the default exception handler off).
/// </summary>
[Collection(SubstrateReferenceGroup.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ChainStatusCommandTests(SubstrateReferenceFixture reference) : IAsyncLifetime
{
    private readonly Random _rng = new(Random.Shared.Next());
    private ChainScenario _chain = null!;
    private TestWallet _wallet = null!;

    public async Task InitializeAsync()
    {
        _chain = await ChainScenario.StartAsync();
        _wallet = new TestWallet(_rng);
    }

    public async Task DisposeAsync()
    {
        await _chain.DisposeAsync();
        _wallet.Delete();
    }

    [Fact]
    public async Task Status_Json_ShowsTheHeadAndOurStandingAtIt()
    {
        _chain.SeedSubnet(reference, _wallet.Key.PublicKey, [ChainScenario.RandomAccount(_rng)], permit: true, commitReveal: false, lastUpdate: 10, rateLimit: 100);
        long stake = _rng.NextInt64(1, 1L << 52);
        _chain.Put(reference, "subtensorModule", "totalHotkeyAlpha", [([_wallet.Address, ChainScenario.Netuid], stake)]);

        (int code, string output, _) = await RunAsync([.. Flags(), "--json"]);

        Assert.Equal(0, code);
        JsonObject json = JsonNode.Parse(output)!.AsObject();
        Assert.Equal((FakeChainState.BlockNumber, FakeChainState.BlockHash, "finalized"), ((long)json["head"]!["number"]!, (string)json["head"]!["hash"]!, (string)json["head"]!["kind"]!));
        Assert.Equal((3, _wallet.Address, 0), ((int)json["netuid"]!, (string)json["hotkey"]!, (int)json["uid"]!));
        Assert.True((bool)json["validatorPermit"]!);
        Assert.Equal((10L, FakeChainState.BlockNumber - 10, 100L), ((long)json["lastUpdate"]!, (long)json["blocksSinceUpdate"]!, (long)json["weightsRateLimit"]!));
        Assert.Equal(stake, (long)json["stake"]!);
        Assert.False((bool)json["commitReveal"]!);
        Assert.True((bool)json["canSetWeights"]!);
    }

    [Fact]
    public async Task Status_FromConfigFile_TextNamesTheReasonWeightsCannotBeSet()
    {
        string config = Path.Combine(_wallet.Folder, "tournament.json");
        File.WriteAllText(config, $$"""
            // the engine's configuration: only Components:subtensor is read
            { "Tournament": { "Chain": "subtensor" },
              "Components": { "subtensor": { "Endpoint": "{{_chain.Node.WebSocketEndpoint}}", "Netuid": 3, "Head": "best",
                                              "WalletPath": "{{_wallet.Folder}}", "WalletName": "{{TestWallet.WalletName}}", "MaxRetries": 0, } } }
            """);

        (int code, string output, _) = await RunAsync(["chain", "status", "--config", config]);

        Assert.Equal(0, code);
        Assert.Contains($"head (best):    block {FakeChainState.BestNumber} {FakeChainState.BestHash}", output, StringComparison.Ordinal);
        Assert.Contains("uid:            not registered", output, StringComparison.Ordinal);
        Assert.Contains($"weights:        Hotkey {_wallet.Address} is not registered on subnet 3; no weights were sent.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--netuid", "70000", "Netuid")]
    [InlineData("--head", "sideways", "Head")]
    [InlineData("--endpoint", "ftp://127.0.0.1/", "is not a ws/wss/http/https URL")]
    [InlineData("--wallet", "nobody", "")]
    [InlineData("--config", "/nonexistent/tournament.json", "does not exist")]
    public async Task Status_BadInput_ExitsTwoWithOneSentence(string flag, string value, string expected)
    {
        (int code, _, string error) = await RunAsync(Flags(flag, value));
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_ConfigNotJsonOrWithoutTheSection_ExitsTwo()
    {
        string broken = Path.Combine(_wallet.Folder, "broken.json");
        File.WriteAllText(broken, "{ \"Components\": ");
        string other = Path.Combine(_wallet.Folder, "other.json");
        File.WriteAllText(other, "{ \"Components\": { \"local-chain\": {} } }");
        Assert.Equal(2, (await RunAsync(["chain", "status", "--config", broken])).Code);
        (int code, _, string error) = await RunAsync(["chain", "status", "--config", other]);
        Assert.Equal((2, "'other.json' has no Components:subtensor section."), (code, error.Trim()));
    }

    [Fact]
    public async Task Status_NetuidNotANumber_IsAParseErrorExitTwo()
        => Assert.Equal(2, (await RunAsync(Flags("--netuid", "three"))).Code);

    [Fact]
    public async Task Status_NodeUnreachable_IsAnErrorNotBadInput()
    {
        _chain.Node.Handler = (_, _) => new NodeReply.Drop();
        var ex = await Assert.ThrowsAsync<ChainUnavailableException>(() => RunAsync([.. Flags()]));
        Assert.Contains("dropped", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>The flags reaching the loopback node with our wallet, one of them replaced (or added) when given.</summary>
    private string[] Flags(string? flag = null, string? value = null)
    {
        var flags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["--endpoint"] = _chain.Node.WebSocketEndpoint.ToString(),
            ["--netuid"] = "3",
            ["--wallet-path"] = _wallet.Folder,
            ["--wallet"] = TestWallet.WalletName,
        };
        if (flag is not null)
        {
            flags[flag] = value!;
        }

        return ["chain", "status", .. flags.SelectMany(f => new[] { f.Key, f.Value })];
    }

    /// <summary>As the host: parse errors and UserInputException exit 2; any other exception propagates (the host's exit 1).</summary>
    private static async Task<(int Code, string Output, string Error)> RunAsync(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CommandContext(output, error, () => false, () => NullLoggerFactory.Instance);
        var root = new RootCommand();
        foreach (Command command in new SubtensorCommands().CreateCommands(context))
        {
            root.Subcommands.Add(command);
        }

        ParseResult parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            return (ExitCodes.InvalidInput, "", string.Join('\n', parse.Errors.Select(e => e.Message)));
        }

        try
        {
            int code = await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error });
            return (code, output.ToString(), error.ToString());
        }
        catch (UserInputException ex)
        {
            return (ExitCodes.InvalidInput, output.ToString(), CliText.Sentence(ex));
        }
    }
}
