using System.Text.Json.Nodes;
using Tournament.Engine.Composition;
using Tournament.Engine.Configuration;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Configuration;

public sealed class EnvironmentOverrideTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Load_PrefixedVariable_OverridesFileValue()
    {
        var config = _workspace.WriteValidConfig();
        var environment = new Dictionary<string, string?>
        {
            ["TOURNAMENT_Tournament__Mode"] = "albedo",
            ["TOURNAMENT_Components__fixture-scorer__TopK"] = "64",
            ["Tournament__Mode"] = "ignored-without-prefix",
            ["OTHER_Tournament__Mode"] = "ignored",
        };

        var loaded = ConfigurationLoader.Load(config, environment);

        Assert.Equal("albedo", loaded.Settings.Mode);
        Assert.Equal("64", loaded.Root["Components:fixture-scorer:TopK"]);
    }

    [Fact]
    public async Task Start_VariableSelectsAnotherMode_ThatModeIsComposed()
    {
        _workspace.AddGoodPlugin();
        var config = _workspace.WriteValidConfig(root =>
            root["Tournament"]!["Modes"]!["second"] = new JsonObject
            {
                ["PromptSource"] = "fixture-prompts",
                ["Scorer"] = "fixture-scorer",
                ["KingRule"] = "fixture-king",
            });
        var options = new EngineHostOptions { EnvironmentVariables = new Dictionary<string, string?> { ["TOURNAMENT_Tournament__Mode"] = "second" } };

        await using var host = await EngineHost.StartAsync(config, options, CancellationToken.None);

        Assert.Equal("second", host.Current.Mode);
        Assert.Empty(host.Current.Checks);
    }

    [Fact]
    public async Task Start_VariableOverridesComponentOption_ComponentSeesIt()
    {
        _workspace.AddGoodPlugin();
        var config = _workspace.WriteValidConfig();
        var options = new EngineHostOptions { EnvironmentVariables = new Dictionary<string, string?> { ["TOURNAMENT_Components__fixture-scorer__TopK"] = "64" } };

        await using var host = await EngineHost.StartAsync(config, options, CancellationToken.None);

        var sheet = await host.Current.Scorer.Component.ScoreAsync(ScoringRequests.EmptyScoring(), CancellationToken.None);
        Assert.Equal(64, sheet.Metrics["topK"]);
    }

    [Fact]
    public async Task Start_VariableWithInvalidOption_ReportedWithKeyPath()
    {
        _workspace.AddGoodPlugin();
        var config = _workspace.WriteValidConfig();
        var options = new EngineHostOptions { EnvironmentVariables = new Dictionary<string, string?> { ["TOURNAMENT_Components__fixture-scorer__TopK"] = "0" } };

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, options, CancellationToken.None));

        Assert.Equal("Components:fixture-scorer:TopK: The field TopK must be between 1 and 4096.", Assert.Single(ex.Problems).ToString());
    }

    [Fact]
    public void Load_RelativePaths_ResolveFromConfigFolder()
    {
        var config = _workspace.WriteValidConfig(root => root["Tournament"]!["DataDirectory"] = "state/data");

        var loaded = ConfigurationLoader.Load(config, new Dictionary<string, string?>());

        Assert.Equal(Path.Combine(_workspace.Root, "state", "data"), loaded.Environment.DataDirectory);
        Assert.Equal(_workspace.PluginsPath, loaded.PluginsPath);
        Assert.Equal(_workspace.Root, loaded.Environment.ConfigDirectory);
    }
}
