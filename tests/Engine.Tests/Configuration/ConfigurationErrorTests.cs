using System.Text.Json.Nodes;
using Snapshooter.Xunit;
using Tournament.Engine.Composition;
using Tournament.Engine.Configuration;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Configuration;

/// <summary>Every configuration error reaches the user as one line with its key path; snapshots pin the wording.</summary>
public sealed class ConfigurationErrorTests : IDisposable
{
    private static readonly EngineHostOptions NoEnvironment = new() { EnvironmentVariables = new Dictionary<string, string?>(), IncludeBuiltInComponents = false };
    private readonly TestWorkspace _workspace = new();

    public ConfigurationErrorTests() => _workspace.AddGoodPlugin();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Load_MalformedJson_ReportsFileLineAndPosition()
    {
        _workspace.WriteConfig("{\n  \"Tournament\": {\n    \"Mode\": \"example\"\n    \"Modes\": {}\n  }\n}\n");

        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(_workspace.ConfigPath, new Dictionary<string, string?>()));

        Snapshot.Match(Lines(ex));
    }

    [Fact]
    public void Load_TruncatedJson_ReportsWhereItEnds()
    {
        _workspace.WriteConfig("{ \"Tournament\": { \"Mode\": \"exa");

        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(_workspace.ConfigPath, new Dictionary<string, string?>()));

        Snapshot.Match(Lines(ex));
    }

    [Theory]
    [InlineData("", "Malformed JSON at line 1, position 1")]
    [InlineData("[1, 2]", "must be a JSON object, found array")]
    [InlineData("\"text\"", "must be a JSON object, found string")]
    [InlineData("{\"Tournament\": {\"Mode\": \"a\", \"Mode\": \"b\"}}", "duplicate key")]
    public void Load_HostileOrWrongShape_OneClearProblem(string content, string expected)
    {
        _workspace.WriteConfig(content);

        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(_workspace.ConfigPath, new Dictionary<string, string?>()));

        var problem = Assert.Single(ex.Problems);
        Assert.Contains(expected, problem.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_DeeplyNestedJson_RefusedWithoutStackOverflow()
    {
        _workspace.WriteConfig(new string('[', 10_000) + new string(']', 10_000));

        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(_workspace.ConfigPath, new Dictionary<string, string?>()));

        Assert.Contains("depth", Assert.Single(ex.Problems).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Load_OversizedFile_Refused()
    {
        using (var stream = File.Create(_workspace.ConfigPath))
        {
            stream.SetLength(ConfigurationLoader.MaxFileBytes + 1);
        }

        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(_workspace.ConfigPath, new Dictionary<string, string?>()));

        Assert.Contains("at most", Assert.Single(ex.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var ex = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(Path.Combine(_workspace.Root, "nope.json"), new Dictionary<string, string?>()));

        Assert.Equal("The configuration file does not exist; pass the path of a JSON file with --config.", Assert.Single(ex.Problems).Message);
    }

    [Fact]
    public async Task Start_UnknownComponent_ListsAvailableOfThatContract()
    {
        var config = _workspace.WriteValidConfig(root => root["Tournament"]!["Modes"]!["example"]!["Scorer"] = "fixture-scorr");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(Lines(ex));
    }

    [Fact]
    public async Task Start_ComponentOfWrongContract_SaysWhatItIs()
    {
        var config = _workspace.WriteValidConfig(root => root["Tournament"]!["Modes"]!["example"]!["KingRule"] = "fixture-check");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(Lines(ex));
    }

    [Fact]
    public async Task Start_MissingRequiredOption_NamesTheKey()
    {
        var config = _workspace.WriteValidConfig(root => root["Components"]!["fixture-scorer"]!.AsObject().Remove("Corpus"));

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(Lines(ex));
    }

    [Fact]
    public async Task Start_OutOfRangeOption_NamesTheKeyAndRange()
    {
        var config = _workspace.WriteValidConfig(root => root["Components"]!["fixture-scorer"]!["TopK"] = 0);

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(Lines(ex));
    }

    [Fact]
    public async Task Start_UnknownOptionKey_NamesTheKeyAndKnownKeys()
    {
        var config = _workspace.WriteValidConfig(root => root["Components"]!["fixture-scorer"]!["TopKk"] = 8);

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(Lines(ex));
    }

    [Fact]
    public async Task Start_SeveralProblems_AllReportedAtOnce()
    {
        var config = _workspace.WriteValidConfig(root =>
        {
            var mode = root["Tournament"]!["Modes"]!["example"]!.AsObject();
            mode.Remove("KingRule");
            mode["Checks"] = new JsonArray("fixture-check", "no-such-check");
            root["Tournament"]!["Stroage"] = new JsonArray("x");
            root["Tournament"]!["HotReload"] = "sometimes";
            root["Components"]!["fixture-scorer"] = new JsonObject
            {
                ["TopK"] = "many",
                ["MinScore"] = 5,
                ["MaxScore"] = 1,
                ["Limits"] = new JsonObject { ["MaxCandidates"] = 1000 },
            };
            root["Components"]!["no-such-component"] = new JsonObject { ["A"] = 1 };
        });

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(Lines(ex));
    }

    [Fact]
    public async Task Start_NestedAndCrossFieldValidation_Reported()
    {
        var config = _workspace.WriteValidConfig(root =>
        {
            root["Components"]!["fixture-scorer"]!["MinScore"] = 5;
            root["Components"]!["fixture-scorer"]!["Limits"] = new JsonObject { ["MaxCandidates"] = 1000 };
        });

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(Lines(ex));
    }

    [Fact]
    public async Task Start_MissingModeAndModes_Reported()
    {
        var config = _workspace.WriteConfig("""{ "Tournament": { "PluginsPath": "plugins" } }""");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(Lines(ex));
    }

    [Fact]
    public async Task Start_ModeNotDefined_ListsModes()
    {
        var config = _workspace.WriteValidConfig(root => root["Tournament"]!["Mode"] = "albedo");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Assert.Equal("Tournament:Mode: No mode named 'albedo'; available: example.", Assert.Single(ex.Problems).ToString());
    }

    private List<string> Lines(ConfigurationException ex) => ex.Problems.Select(p => _workspace.Normalize(p.ToString())).ToList();
}
