using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Plugins.Storage.HuggingFace;
using Tournament.Storage.HuggingFace.Tests.Server;

namespace Tournament.Storage.HuggingFace.Tests.Support;

/// <summary>A fresh fake Hub and cache folder per test, and a storage backend wired as the engine wires it.</summary>
public sealed class HubFixture : IAsyncLifetime
{
    public const string Repo = "alice/tiny-model";
    public const string Rev1 = "1111111111111111111111111111111111111111";
    public const string Rev2 = "2222222222222222222222222222222222222222";
    public const string Token = "hf_SECRETtoken0123456789abcdefXYZ";

    private readonly string temp = Path.Combine(Path.GetTempPath(), "hf-tests-" + Guid.NewGuid().ToString("N"));
    private readonly List<ServiceProvider> providers = [];

    public FakeHub Hub { get; private set; } = null!;

    public string CacheDirectory => Path.Combine(temp, "cache");

    public CollectingLoggerProvider Logs { get; } = new();

    public static byte[] Weights1 { get; } = SafetensorsFiles.Build([("model.embed.weight", [64, 32]), ("model.norm.weight", [32])], seed: 1);

    public static byte[] Weights2 { get; } = SafetensorsFiles.Build([("model.embed.weight", [128, 32]), ("lm_head.weight", [128, 32])], seed: 2);

    public static byte[] Config { get; } = "{\"vocab_size\": 64, \"hidden_size\": 32}"u8.ToArray();

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(temp, "repos"));
        Hub = await FakeHub.StartAsync(Path.Combine(temp, "repos"));
        Hub.WriteRevision(Repo, Rev1, new Dictionary<string, byte[]> { ["config.json"] = Config, ["model.safetensors"] = Weights1 }, branch: null);
        Hub.WriteRevision(Repo, Rev2, new Dictionary<string, byte[]>
        {
            ["config.json"] = Config,
            ["model.safetensors"] = Weights2,
            ["sub/dir/tokenizer.json"] = "{\"model\":{}}"u8.ToArray(),
        });
    }

    public HuggingFaceStorage CreateStorage(string? token = null, Action<HuggingFaceOptions>? configure = null)
    {
        var options = new HuggingFaceOptions { RetryBaseDelayMilliseconds = 20, MaxRetries = 2, RequestTimeoutSeconds = 10, ReadTimeoutSeconds = 10 };
        configure?.Invoke(options);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HF_ENDPOINT"] = Hub.Endpoint.ToString(),
            ["HF_HUB_CACHE"] = CacheDirectory,
            ["HF_TOKEN"] = token,
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.AddProvider(Logs).SetMinimumLevel(LogLevel.Trace));
        HuggingFaceModule.AddHttpClient(services, options);
        var provider = services.BuildServiceProvider();
        providers.Add(provider);
        return new HuggingFaceStorage(
            options,
            provider.GetRequiredService<IHttpClientFactory>(),
            configuration,
            provider.GetRequiredService<ILogger<HuggingFaceStorage>>());
    }

    public static ModelRef Model(string revision = Rev1, string repo = Repo) => new(repo, revision);

    public async Task DisposeAsync()
    {
        foreach (var provider in providers)
        {
            await provider.DisposeAsync();
        }

        await Hub.DisposeAsync();
        try
        {
            Directory.Delete(temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
