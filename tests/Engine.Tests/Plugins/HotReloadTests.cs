using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tournament.Engine.Composition;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Plugins;

/// <summary>Plugins reload between rounds only: a change on disk is noted, and applied by ApplyPendingReloadAsync.</summary>
public sealed class HotReloadTests : IDisposable
{
    private static readonly TimeSpan PendingTimeout = TimeSpan.FromSeconds(60);
    private readonly TestWorkspace _workspace = new();
    private readonly ListLoggerProvider _logs = new();
    private readonly ILoggerFactory _loggerFactory;

    public HotReloadTests() => _loggerFactory = LoggerFactory.Create(b => b.AddProvider(_logs).SetMinimumLevel(LogLevel.Debug));

    public void Dispose()
    {
        _loggerFactory.Dispose();
        _workspace.Dispose();
    }

    [Fact]
    public async Task ApplyPendingReload_PluginReplacedWithV2_ComponentsReResolved()
    {
        await using var host = await StartWithV1();
        Assert.Equal(1, await GenerationOf(host));
        Assert.DoesNotContain(host.Plugins.SelectMany(p => p.Components), c => c.Name == "reload-check");

        ReplaceWithV2();
        await WaitForPending(host);
        var reloaded = await host.ApplyPendingReloadAsync(CancellationToken.None);

        Assert.True(reloaded);
        Assert.False(host.IsReloadPending);
        Assert.Equal(2, await GenerationOf(host));
        var plugin = Assert.Single(host.Plugins, p => p.Name == FixturePlugins.HotReload);
        Assert.Equal("2.0.0", plugin.Version);
        Assert.Contains(plugin.Components, c => c.Name == "reload-check");
        Assert.Contains("Information: Plugin reload: component added: check 'reload-check' (Tournament.Fixtures.HotReload)", _logs.Messages);
        Assert.Contains("Information: Plugin reload: plugin Tournament.Fixtures.HotReload version changed: 1.0.0 -> 2.0.0", _logs.Messages);
        Assert.Contains("Information: Plugin Tournament.Fixtures.HotReload changed on disk; the reload will be applied between rounds.", _logs.Messages);
    }

    [Fact]
    public async Task Reload_WhileRoundInFlight_NotAppliedUntilBetweenRounds()
    {
        await using var host = await StartWithV1();
        var roundComposition = host.Current;

        ReplaceWithV2();
        await WaitForPending(host);

        // The round in flight keeps its composition: same instances, same behaviour.
        Assert.Same(roundComposition, host.Current);
        Assert.Equal(1, (await roundComposition.Scorer.Component.ScoreAsync(ScoringRequests.EmptyScoring(), CancellationToken.None)).Metrics["generation"]);
        Assert.Equal("1.0.0", Assert.Single(host.Plugins, p => p.Name == FixturePlugins.HotReload).Version);

        Assert.True(await host.ApplyPendingReloadAsync(CancellationToken.None));
        Assert.NotSame(roundComposition, host.Current);
        Assert.Equal(2, await GenerationOf(host));
    }

    [Fact]
    public async Task ApplyPendingReload_OldPluginContext_IsNotHeldByTheEngine()
    {
        await using var host = await StartWithV1();
        var oldAssembly = WeakAssemblyOf(host);

        ReplaceWithV2();
        await WaitForPending(host);
        Assert.True(await host.ApplyPendingReloadAsync(CancellationToken.None));

        for (var i = 0; i < 20 && oldAssembly.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(50);
        }

        Assert.False(oldAssembly.IsAlive, "The v1 plugin assembly is still referenced after the reload.");
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference WeakAssemblyOf(EngineHost host) => new(host.Current.Scorer.Component.GetType().Assembly);

    [Fact]
    public async Task ApplyPendingReload_NothingChanged_ReturnsFalseAndKeepsComposition()
    {
        await using var host = await StartWithV1();
        var before = host.Current;

        Assert.False(await host.ApplyPendingReloadAsync(CancellationToken.None));
        Assert.Same(before, host.Current);
    }

    private async Task<EngineHost> StartWithV1()
    {
        _workspace.AddGoodPlugin();
        _workspace.AddPlugin("Fixtures.HotReload.V1", FixturePlugins.HotReload);
        var config = _workspace.WriteValidConfig(root =>
        {
            root["Tournament"]!["HotReload"] = true;
            root["Tournament"]!["Modes"]!["example"]!["Scorer"] = "reload-scorer";
            root["Components"] = new JsonObject();
        });
        return await EngineHost.StartAsync(config, new EngineHostOptions { EnvironmentVariables = new Dictionary<string, string?>(), LoggerFactory = _loggerFactory }, CancellationToken.None);
    }

    private void ReplaceWithV2() =>
        TestWorkspace.CopyFolder(FixturePlugins.OutputOf("Fixtures.HotReload.V2"), Path.Combine(_workspace.PluginsPath, FixturePlugins.HotReload));

    private static async Task WaitForPending(EngineHost host)
    {
        using var timeout = new CancellationTokenSource(PendingTimeout);
        while (!host.IsReloadPending)
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<double> GenerationOf(EngineHost host) =>
        (await host.Current.Scorer.Component.ScoreAsync(ScoringRequests.EmptyScoring(), CancellationToken.None)).Metrics["generation"];
}
