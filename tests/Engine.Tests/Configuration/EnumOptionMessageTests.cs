using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Engine.Cli;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Configuration;

/// <summary>A bad enum name in configuration: validate-config exits 2 with one sentence naming the key, the value and the allowed names.</summary>
public sealed class EnumOptionMessageTests : IDisposable
{
    private readonly SampleCopy _sample = new();
    private readonly TempFolder _distil = new();

    public void Dispose()
    {
        _sample.Dispose();
        _distil.Dispose();
    }

    [Fact]
    public async Task ScheduleCandidatesMisspelled_Exit2_OneSentenceWithKeyValueAndNames()
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1, root =>
        {
            Plugins(root);
            var mode = root["Tournament"]!["Mode"]!.GetValue<string>();
            root["Tournament"]!["Modes"]![mode]!["Schedule"] = new JsonObject { ["Candidates"] = "sometimes" };
        });

        var (code, error) = await ValidateAsync(config);

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^Tournament:Modes:[^:]+:Schedule:Candidates: 'sometimes' is not one of All, Queue\.$", line);
    }

    [Fact]
    public async Task KlDistilBackendGpu_Exit2_OneSentenceWithKeyValueAndNames()
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(FixturePlugins.RepoRoot, "samples", "distil-local", "tournament.json")))!.AsObject();
        Plugins(root);
        root["Components"]!["kl-divergence"]!["Backend"] = "gpu";
        var config = _distil.Write("tournament.json", root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        var (code, error) = await ValidateAsync(config);

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("Backend", StringComparison.Ordinal));
        Assert.Equal("Components:kl-divergence:Backend: 'gpu' is not one of Local, OpenAI.", line);
    }

    private static void Plugins(JsonObject root) =>
        root["Tournament"]!["PluginsPath"] = Path.Combine(Path.GetDirectoryName(FixturePlugins.EngineDll)!, "plugins");

    private static async Task<(int Code, string Error)> ValidateAsync(string config)
    {
        using var output = new StringWriter();
        using var error = new StringWriter { NewLine = "\n" };
        var code = await CliApplication.RunAsync(["validate-config", "--config", config], output, error);
        var lines = error.ToString().Split('\n').Where(l => !l.Contains(" info: ", StringComparison.Ordinal));
        return (code, string.Join('\n', lines));
    }
}
