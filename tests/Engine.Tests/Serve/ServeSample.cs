using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Engine.Cli;
using Tournament.Engine.Composition;
using Tournament.Engine.Rounds;
using Tournament.Engine.Serve;
using Tournament.Engine.Telemetry;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Serve;

/// <summary>
/// The example tournament with real rounds (a copy of samples/example-local, the sample plugin from the engine's
/// plugins folder, the local chain at one block a second): five miners commit, two rounds commit, and
/// <c>tournament serve</c>'s application listens on a free loopback port over that state. The engine host's live
/// metrics listener (<c>run --metrics-urls</c>) is started before the rounds, on another free loopback port.
/// </summary>
public sealed class ServeSample : IAsyncLifetime, IDisposable
{
    public static readonly string[] Models =
        ["alice/bigram-fine", "bob/bigram-smooth", "carol/bigram-uniform", "dave/bigram-reversed", "mallory/bigram-with-code"];

    private readonly SampleCopy _sample = new();
    private EngineHost? _host;
    private WebApplication? _app;
    private MetricsServer? _metrics;

    public HttpClient Client { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public string ConfigPath { get; private set; } = null!;

    /// <summary>The live metrics listener's address (it saw both rounds).</summary>
    public Uri MetricsAddress { get; private set; } = null!;

    internal IEngineHost Host => _host!;

    /// <summary>The committed rounds' block hashes, oldest first.</summary>
    public List<string> RoundHashes { get; } = [];

    public async Task InitializeAsync()
    {
        var plugins = Path.Combine(Path.GetDirectoryName(FixturePlugins.EngineDll)!, "plugins");
        ConfigPath = _sample.WriteConfig(blockTimeSeconds: 1, root => root["Tournament"]!["PluginsPath"] = plugins);
        _host = await EngineHost.StartAsync(ConfigPath, new EngineHostOptions { LoggerFactory = NullLoggerFactory.Instance, EnvironmentVariables = new Dictionary<string, string?>() }, default);
        _metrics = await MetricsServer.StartAsync((EngineMetrics)_host.Services.GetService(typeof(EngineMetrics))!, ["http://127.0.0.1:0"], NullLogger.Instance, default);
        MetricsAddress = new Uri(_metrics.Urls.Single());
        foreach (var model in Models)
        {
            await CommitFlow.CommitAsync(_host.Current, model.Split('/')[0], model, force: false, default);
        }

        await RoundAsync();
        await RoundAsync();
        _app = ServeApp.Build(ServeCommand.SettingsFor(_host, ["http://127.0.0.1:0"]));
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress };
        Client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    /// <summary>Runs one real round at a new head block (waits for the local chain's next block first).</summary>
    internal async Task<RoundResult> RoundAsync()
    {
        var chain = _host!.Current.Chain.Component;
        var head = await chain.GetHeadAsync(default);
        while (RoundHashes.Contains(head.Hash, StringComparer.OrdinalIgnoreCase))
        {
            await Task.Delay(200);
            head = await chain.GetHeadAsync(default);
        }

        var result = await new RoundRunner(NullLogger<RoundRunner>.Instance, TimeProvider.System).RunAsync(_host.Current, NullProgressReporter.Instance, default);
        RoundHashes.Add(result.Summary.BlockHash);
        return result;
    }

    public async Task<JsonNode> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    public void Dispose() => _sample.Dispose();

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_metrics is not null)
        {
            await _metrics.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        _sample.Dispose();
    }
}
