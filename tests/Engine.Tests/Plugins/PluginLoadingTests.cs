using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Snapshooter.Xunit;
using Tournament.Abstractions;
using Tournament.Engine.Composition;
using Tournament.Engine.Configuration;
using Tournament.Engine.Plugins;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Plugins;

public sealed class PluginLoadingTests : IDisposable
{
    private static readonly EngineHostOptions NoEnvironment = new() { EnvironmentVariables = new Dictionary<string, string?>(), IncludeBuiltInComponents = false };
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public void Inspect_GoodPlugin_ListsScannedAndModuleComponents()
    {
        _workspace.AddGoodPlugin();
        var config = _workspace.WriteValidConfig();

        var inspection = PluginInspection.Run(config, NullLoggerFactory.Instance, new Dictionary<string, string?>());

        var plugin = Assert.Single(inspection.Catalog.Plugins, p => p.Name == FixturePlugins.Good);
        Assert.Null(plugin.Error);
        Assert.Equal("1.2.3", plugin.Version);
        Assert.Equal(Path.Combine(_workspace.PluginsPath, FixturePlugins.Good, FixturePlugins.Good + ".dll"), plugin.Path);
        var components = plugin.Components.Select(c => $"{c.ContractName}:{c.Name}:{c.Description}").Order(StringComparer.Ordinal);
        Snapshot.Match(components);
        Assert.Empty(inspection.AllProblems());
    }

    [Fact]
    public async Task Start_GoodPlugin_ComposesModeWithOptionsAndServices()
    {
        _workspace.AddGoodPlugin();
        var config = _workspace.WriteValidConfig();

        await using var host = await EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None);

        var mode = host.Current;
        Assert.Equal(("example", "fixture-chain", "fixture-state", "fixture-prompts", "fixture-scorer", "fixture-king"),
            (mode.Mode, mode.Chain.Name, mode.State.Name, mode.PromptSource.Name, mode.Scorer.Name, mode.KingRule.Name));
        Assert.Equal(["fixture-storage"], mode.Storage.Select(s => s.Name));
        Assert.Equal(["fixture-check"], mode.Checks.Select(c => c.Name));
        Assert.Null(mode.Artifacts);
        var sheet = await mode.Scorer.Component.ScoreAsync(ScoringRequests.EmptyScoring(), CancellationToken.None);
        Assert.Equal(32, sheet.Metrics["topK"]);
        Assert.Equal(42, sheet.Metrics["helper"]);
        var judge = host.Services.GetRequiredKeyedService<IJudge>("fixture-judge");
        Assert.Equal("echo", judge.Model);
        Assert.Equal("1", File.ReadAllText(Path.Combine(_workspace.DataDirectory, "fixture-state.initialized")));
    }

    [Fact]
    public async Task Start_ComponentConstructorThrows_ReportedWithKeyPath()
    {
        _workspace.AddGoodPlugin();
        var config = _workspace.WriteValidConfig(root => root["Components"]!["fixture-scorer"]!["FailOnStart"] = true);

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Assert.Equal(
            "Tournament:Modes:example:Scorer: The scorer 'fixture-scorer' could not be created: The fixture scorer was told to fail on start.",
            Assert.Single(ex.Problems).ToString());
    }

    [Fact]
    public async Task Start_ModeOverridesStorageAndArtifacts_UsesTheOverride()
    {
        _workspace.AddGoodPlugin();
        var config = _workspace.WriteValidConfig(root =>
        {
            root["Tournament"]!["Storage"] = new JsonArray("no-such-storage");
            root["Tournament"]!["Modes"]!["example"]!["Storage"] = new JsonArray("fixture-storage");
            root["Tournament"]!["Modes"]!["example"]!["Artifacts"] = "fixture-storage";
        });

        await using var host = await EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None);

        Assert.Equal("fixture-storage", host.Current.Artifacts?.Name);
        Assert.Equal(["fixture-storage"], host.Current.Storage.Select(s => s.Name));
    }

    [Fact]
    public void Inspect_BrokenPlugin_ReportedWithPathAndMessage_OthersLoad()
    {
        _workspace.AddGoodPlugin();
        _workspace.AddPlugin("Fixtures.Broken", FixturePlugins.Broken);
        var config = _workspace.WriteValidConfig();

        var inspection = PluginInspection.Run(config, NullLoggerFactory.Instance, new Dictionary<string, string?>());

        Assert.Null(Assert.Single(inspection.Catalog.Plugins, p => p.Name == FixturePlugins.Good).Error);
        Snapshot.Match(inspection.AllProblems().Select(p => _workspace.Normalize(p.ToString())));
    }

    [Fact]
    public void Inspect_CorruptDll_ReportedWithPath()
    {
        _workspace.AddGoodPlugin();
        var folder = Directory.CreateDirectory(Path.Combine(_workspace.PluginsPath, "Corrupt"));
        File.WriteAllBytes(Path.Combine(folder.FullName, "Corrupt.dll"), "MZ this is not a portable executable"u8.ToArray());
        var config = _workspace.WriteValidConfig();

        var inspection = PluginInspection.Run(config, NullLoggerFactory.Instance, new Dictionary<string, string?>());

        var corrupt = Assert.Single(inspection.Catalog.Plugins, p => p.Name == "Corrupt");
        Assert.NotNull(corrupt.Error);
        var problem = Assert.Single(inspection.AllProblems());
        Assert.StartsWith(Path.Combine(folder.FullName, "Corrupt.dll") + ": The plugin Corrupt failed to load: ", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ModeNeedingBrokenPlugin_Refused()
    {
        _workspace.AddGoodPlugin();
        _workspace.AddPlugin("Fixtures.Broken", FixturePlugins.Broken);
        var config = _workspace.WriteValidConfig(root => root["Tournament"]!["Modes"]!["example"]!["Scorer"] = "broken-scorer");

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(ex.Problems.Select(p => _workspace.Normalize(p.ToString())));
    }

    [Fact]
    public async Task Start_ModeNotNeedingBrokenPlugin_Starts()
    {
        _workspace.AddGoodPlugin();
        _workspace.AddPlugin("Fixtures.Broken", FixturePlugins.Broken);
        var config = _workspace.WriteValidConfig();

        await using var host = (EngineHost)await EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None);

        Assert.Equal("fixture-scorer", host.Current.Scorer.Name);
        Assert.Contains(host.Plugins, p => p.Name == FixturePlugins.Broken && p.Error == "The broken fixture refuses to start.");
    }

    [Fact]
    public async Task Start_DuplicateComponentName_ErrorNamesBothPlugins()
    {
        _workspace.AddGoodPlugin();
        _workspace.AddPlugin("Fixtures.Duplicate", FixturePlugins.Duplicate);
        var config = _workspace.WriteValidConfig();

        var ex = await Assert.ThrowsAsync<ConfigurationException>(() => EngineHost.StartAsync(config, NoEnvironment, CancellationToken.None));

        Snapshot.Match(ex.Problems.Select(p => _workspace.Normalize(p.ToString())));
    }

    [Fact]
    public void Inspect_Allowlist_LoadsOnlyListedAndReportsMissing()
    {
        _workspace.AddGoodPlugin();
        _workspace.AddPlugin("Fixtures.Broken", FixturePlugins.Broken);
        var config = _workspace.WriteValidConfig(root => root["Tournament"]!["Plugins"] = new JsonArray(FixturePlugins.Good, "Tournament.Missing"));

        var inspection = PluginInspection.Run(config, NullLoggerFactory.Instance, new Dictionary<string, string?>());

        Assert.DoesNotContain(inspection.Catalog.Plugins, p => p.Name == FixturePlugins.Broken);
        Snapshot.Match(inspection.AllProblems().Select(p => _workspace.Normalize(p.ToString())));
    }

    [Fact]
    public void Inspect_FolderWithoutMatchingDll_Reported()
    {
        _workspace.AddGoodPlugin();
        Directory.CreateDirectory(Path.Combine(_workspace.PluginsPath, "Empty"));
        var config = _workspace.WriteValidConfig();

        var inspection = PluginInspection.Run(config, NullLoggerFactory.Instance, new Dictionary<string, string?>());

        Assert.Equal("The plugin folder has no Empty.dll; a plugin folder must be named after its assembly.",
            Assert.Single(inspection.Catalog.Plugins, p => p.Name == "Empty").Error);
    }
}
