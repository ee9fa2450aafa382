using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Cli;

/// <summary>The <c>plugins</c> and <c>validate-config</c> commands, run as real processes.</summary>
public sealed class CliProcessTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public CliProcessTests() => _workspace.AddGoodPlugin();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task Plugins_Json_ListsPluginsAndComponents_Exit0()
    {
        var config = _workspace.WriteValidConfig();

        var result = await TournamentCli.RunAsync("plugins", "--config", config, "--json");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var json = JsonNode.Parse(result.StandardOutput)!;
        var plugin = json["plugins"]!.AsArray().Single(p => (string?)p!["name"] == "Tournament.Fixtures.Good")!;
        Assert.Equal("1.2.3", (string?)plugin["version"]);
        Assert.True((bool)plugin["loaded"]!);
        var scorer = plugin["components"]!.AsArray().Single(c => (string?)c!["name"] == "fixture-scorer")!;
        Assert.Equal("scorer", (string?)scorer["contract"]);
        Assert.Equal("Scores every candidate 1.0 (test fixture).", (string?)scorer["description"]);
        Assert.Empty(json["problems"]!.AsArray());
    }

    [Fact]
    public async Task Plugins_Table_ShowsBrokenPluginError_Exit2()
    {
        _workspace.AddPlugin("Fixtures.Broken", FixturePlugins.Broken);
        var config = _workspace.WriteValidConfig();

        var result = await TournamentCli.RunAsync("plugins", "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Tournament.Fixtures.Good", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("fixture-scorer", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("refuses to start", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateConfig_ValidFile_PrintsOk_Exit0()
    {
        var config = _workspace.WriteValidConfig();

        var result = await TournamentCli.RunAsync("validate-config", "--config", config);

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.StartsWith("OK: ", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateConfig_SeveralProblems_PrintsEachOnItsOwnLine_Exit2()
    {
        var config = _workspace.WriteValidConfig(root =>
        {
            root["Tournament"]!["Modes"]!["example"]!["Scorer"] = "kl-divergnce";
            root["Components"]!["fixture-scorer"]!["TopK"] = 5000;
        });

        var result = await TournamentCli.RunAsync("validate-config", "--config", config);

        Assert.Equal(2, result.ExitCode);
        var lines = result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            [
                "Tournament:Modes:example:Scorer: No scorer named 'kl-divergnce'; available: fixture-scorer.",
                "Components:fixture-scorer:TopK: The field TopK must be between 1 and 4096.",
            ],
            lines);
    }

    [Fact]
    public async Task ValidateConfig_MalformedJson_Exit2WithLine()
    {
        var config = _workspace.WriteConfig("{ \"Tournament\": { \"Mode\": } }");

        var result = await TournamentCli.RunAsync("validate-config", "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Malformed JSON at line 1, position 27", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ValidateConfig_MissingConfigOption_Exit2()
    {
        var result = await TournamentCli.RunAsync("validate-config");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--config", result.StandardError, StringComparison.Ordinal);
    }
}
