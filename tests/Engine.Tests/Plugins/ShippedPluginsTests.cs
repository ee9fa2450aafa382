using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Engine.Composition;
using Tournament.Engine.Plugins;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Plugins;

/// <summary>
/// Every shipped plugin, loaded by the real loader from the engine's deployed plugins folder
/// (src/Engine/bin/&lt;configuration&gt;/net10.0/plugins): components are listed and can be constructed, which proves the
/// shared types (Abstractions, IHttpClientFactory, ILogger, IConfiguration, OneOf) cross the plugin boundary.
/// </summary>
public sealed class ShippedPluginsTests : IDisposable
{
    private static readonly string[] Shipped =
    [
        "Tournament.Storage.HuggingFace", "Tournament.Storage.Hippius", "Tournament.Judges.Chutes",
        "Tournament.KlDistil", "Tournament.AlbedoDuel", "Tournament.Samples.Example",
    ];

    private readonly TestWorkspace _workspace = new();
    private readonly string _keyVariable = "CHUTES_E2E_KEY_" + Guid.NewGuid().ToString("N");

    public ShippedPluginsTests() => Environment.SetEnvironmentVariable(_keyVariable, "fake-key-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        _workspace.Dispose();
    }

    [Fact]
    public void Inspect_ShippedPlugins_AllLoadAndListTheirComponents()
    {
        var config = WriteConfig();

        var inspection = PluginInspection.Run(config, NullLoggerFactory.Instance, new Dictionary<string, string?>());

        foreach (var name in Shipped)
        {
            var plugin = Assert.Single(inspection.Catalog.Plugins, p => p.Name == name);
            Assert.True(plugin.Error is null, $"{name}: {plugin.Error}");
        }

        var components = inspection.Catalog.Components.Select(c => $"{c.ContractName}:{c.Name}").ToHashSet(StringComparer.Ordinal);
        Assert.Superset(
            new HashSet<string>(StringComparer.Ordinal)
            {
                "storage backend:huggingface", "storage backend:hippius", "judge:chutes:judge/model-a", "judge:second",
                "prompt source:example-lines", "scorer:example-bigram-ce", "check:example-no-code", "check:example-bigram-valid",
            },
            components);
        Assert.Empty(inspection.AllProblems());
    }

    [Fact]
    public async Task Start_ShippedPlugins_ComponentsFromEachPluginAreConstructed()
    {
        var config = WriteConfig();

        await using var host = await EngineHost.StartAsync(config, new EngineHostOptions { EnvironmentVariables = new Dictionary<string, string?>() }, CancellationToken.None);

        Assert.Equal("example-bigram-ce", host.Current.Scorer.Name);
        Assert.Equal(
            "Tournament.Plugins.Storage.HuggingFace.HuggingFaceStorage",
            host.Services.GetRequiredKeyedService<IStorageBackend>("huggingface").GetType().FullName);
        Assert.Equal(
            "Tournament.Plugins.Storage.Hippius.HippiusStorage",
            host.Services.GetRequiredKeyedService<IStorageBackend>("hippius").GetType().FullName);
        Assert.Equal("judge/model-a", host.Services.GetRequiredKeyedService<IJudge>("chutes:judge/model-a").Model);
        Assert.Equal("judge/model-b", host.Services.GetRequiredKeyedService<IJudge>("second").Model);
    }

    [Fact]
    public void Inspect_ChutesSectionClaimedByModule_Validates()
    {
        var config = WriteConfig();

        var inspection = PluginInspection.Run(config, NullLoggerFactory.Instance, new Dictionary<string, string?>());

        Assert.Equal("Tournament.Judges.Chutes", inspection.Catalog.SectionClaimedBy("chutes"));
        Assert.DoesNotContain(inspection.AllProblems(), p => p.Path.StartsWith("Components:chutes", StringComparison.Ordinal));
    }

    [Fact]
    public void Inspect_UnclaimedUnknownSection_FailsListingAvailableNames()
    {
        var config = WriteConfig(root => root["Components"]!["chutez"] = new JsonObject { ["Judges"] = new JsonArray() });

        var inspection = PluginInspection.Run(config, NullLoggerFactory.Instance, new Dictionary<string, string?>());

        var problem = Assert.Single(inspection.AllProblems());
        Assert.Equal("Components:chutez", problem.Path);
        Assert.StartsWith("No component named 'chutez'; available: ", problem.Message, StringComparison.Ordinal);
        Assert.Contains("huggingface", problem.Message, StringComparison.Ordinal);
        Assert.Contains("chutes:judge/model-a", problem.Message, StringComparison.Ordinal);
    }

    private string WriteConfig(Action<JsonObject>? edit = null)
    {
        var plugins = Path.Combine(Path.GetDirectoryName(FixturePlugins.EngineDll)!, "plugins");
        Assert.True(Directory.Exists(plugins), $"The engine's plugins folder {plugins} is missing; build the test project.");
        var root = new JsonObject
        {
            ["Tournament"] = new JsonObject
            {
                ["Mode"] = "example",
                ["PluginsPath"] = plugins,
                ["Plugins"] = new JsonArray(Shipped.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
                ["HotReload"] = false,
                ["DataDirectory"] = Path.Combine(_workspace.Root, ".tournament"),
                ["Chain"] = "local-chain",
                ["State"] = "sqlite",
                ["Storage"] = new JsonArray("local"),
                ["Modes"] = new JsonObject
                {
                    ["example"] = new JsonObject
                    {
                        ["PromptSource"] = "example-lines",
                        ["Scorer"] = "example-bigram-ce",
                        ["KingRule"] = "best-score",
                        ["Checks"] = new JsonArray("example-no-code", "example-bigram-valid"),
                    },
                },
            },
            ["Components"] = new JsonObject
            {
                ["local"] = new JsonObject { ["Root"] = _workspace.Root },
                ["example-lines"] = new JsonObject { ["Path"] = WritePrompts() },
                ["huggingface"] = new JsonObject { ["Endpoint"] = "http://127.0.0.1:1", ["CacheDirectory"] = Path.Combine(_workspace.Root, "hf-cache") },
                ["hippius"] = new JsonObject { ["RegistryEndpoint"] = "http://127.0.0.1:1", ["ServiceUrl"] = "http://127.0.0.1:1", ["CacheDirectory"] = Path.Combine(_workspace.Root, "hippius-cache") },
                ["chutes"] = new JsonObject
                {
                    ["BaseUrl"] = "http://127.0.0.1:1",
                    ["ApiKeyVariable"] = _keyVariable,
                    ["Judges"] = new JsonArray(
                        new JsonObject { ["Model"] = "judge/model-a" },
                        new JsonObject { ["Model"] = "judge/model-b", ["Name"] = "second" }),
                },
            },
        };
        edit?.Invoke(root);
        return _workspace.WriteConfig(root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private string WritePrompts()
    {
        var path = Path.Combine(_workspace.Root, "prompts.txt");
        File.WriteAllLines(path, ["the quick brown fox", "jumps over the lazy dog"]);
        return path;
    }
}
