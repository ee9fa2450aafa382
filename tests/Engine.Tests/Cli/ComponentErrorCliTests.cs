using System.Text.Json.Nodes;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Cli;

/// <summary>
/// Issue 16, item 1, end to end: the sample tournament with a fixture plugin whose check throws on one miner. Every
/// round commits (exit 0), the others are scored, the miner is deferred with the exception's sentence and a counter,
/// then disqualified with <c>component-error</c>.
/// </summary>
public sealed class ComponentErrorCliTests : IDisposable
{
    private readonly SampleCopy _sample = new();

    public void Dispose() => _sample.Dispose();

    [Fact]
    public async Task CheckThatThrowsOnOneMiner_DoesNotFailRound_ThenDisqualifiesWithComponentError()
    {
        var plugins = Path.Combine(_sample.Root, "plugins");
        TestWorkspace.CopyFolder(Path.Combine(Path.GetDirectoryName(FixturePlugins.EngineDll)!, "plugins", "Tournament.Samples.Example"), Path.Combine(plugins, "Tournament.Samples.Example"));
        TestWorkspace.CopyFolder(FixturePlugins.OutputOf("Fixtures.Throwing"), Path.Combine(plugins, "Tournament.Fixtures.Throwing"));
        var config = _sample.WriteConfig(blockTimeSeconds: 1, root =>
        {
            root["Tournament"]!["PluginsPath"] = "plugins";
            root["Tournament"]!["ComponentErrorRounds"] = 2;
            root["Tournament"]!["Modes"]!["example"]!["Checks"]!.AsArray().Insert(0, "fixture-throwing-check");
            root["Components"]!["fixture-throwing-check"] = new JsonObject { ["Hotkeys"] = new JsonArray("bob") };
        });
        foreach (var model in (string[])["alice/bigram-fine", "bob/bigram-smooth", "carol/bigram-uniform"])
        {
            var commit = await TournamentCli.RunAsync("commit", "--config", config, "--hotkey", model.Split('/')[0], "--model", model);
            Assert.True(commit.ExitCode == 0, commit.StandardError);
        }

        var first = await RoundAsync(config);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // one block is 1 s; the next round needs a new head
        var second = await RoundAsync(config);

        var bob = Outcome(first, "bob");
        Assert.Equal(("deferred", "fixture-throwing-check"), ((string?)bob["status"], (string?)bob["source"]));
        Assert.StartsWith("component-error 1/2: The component 'fixture-throwing-check' threw ArgumentException", (string?)bob["reason"], StringComparison.Ordinal);
        Assert.Equal(("scored", "scored"), ((string?)Outcome(first, "alice")["status"], (string?)Outcome(first, "carol")["status"]));
        Assert.Equal("alice", (string?)first["summary"]!["king"]!["hotkey"]);
        bob = Outcome(second, "bob");
        Assert.Equal("disqualified", (string?)bob["status"]);
        Assert.StartsWith("[component-error] A component threw on this submission in 2 consecutive rounds", (string?)bob["reason"], StringComparison.Ordinal);
    }

    private static async Task<JsonNode> RoundAsync(string config)
    {
        var result = await TournamentCli.RunAsync("round", "--config", config, "--json");
        Assert.True(result.ExitCode == 0, result.StandardError);
        return JsonNode.Parse(result.StandardOutput)!;
    }

    private static JsonNode Outcome(JsonNode round, string hotkey) =>
        round["outcomes"]!.AsArray().Single(o => (string?)o!["hotkey"] == hotkey)!;
}
