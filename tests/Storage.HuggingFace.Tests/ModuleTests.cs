using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Plugins.Storage.HuggingFace;
using Tournament.Storage.HuggingFace.Tests.Server;
using Tournament.Storage.HuggingFace.Tests.Support;

namespace Tournament.Storage.HuggingFace.Tests;

public sealed class ModuleTests : HubTestBase
{
    [Fact]
    public async Task Register_BindsRetryOptionsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Components:huggingface:MaxRetries"] = "0",
            ["HF_ENDPOINT"] = F.Hub.Endpoint.ToString(),
            ["HF_HUB_CACHE"] = F.CacheDirectory,
        }).Build();
        var registrar = new Registrar(configuration);
        new HuggingFaceModule().Register(registrar);
        await using var provider = registrar.Services.BuildServiceProvider();
        F.Hub.AddFault(new Fault { Role = HubRole.Api, Status = 503, Times = 100 });
        var storage = new HuggingFaceStorage(new HuggingFaceOptions(), provider.GetRequiredService<IHttpClientFactory>(), configuration, NullLogger<HuggingFaceStorage>.Instance);

        var result = await storage.DescribeAsync(HubFixture.Model(), default);

        Assert.True(result.IsT2);
        Assert.Single(F.Hub.Requests);
        Assert.Equal(F.CacheDirectory, storage.CacheDirectory);
        Assert.Equal(F.Hub.Endpoint, storage.Endpoint);
    }

    [Fact]
    public void Endpoint_OptionOverridesEnvironment()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["HF_ENDPOINT"] = "http://127.0.0.1:9/" }).Build();
        var services = new ServiceCollection();
        HuggingFaceModule.AddHttpClient(services, new HuggingFaceOptions());
        using var provider = services.BuildServiceProvider();

        var storage = new HuggingFaceStorage(new HuggingFaceOptions { Endpoint = "https://mirror.example/hf" }, provider.GetRequiredService<IHttpClientFactory>(), configuration, NullLogger<HuggingFaceStorage>.Instance);

        Assert.Equal(new Uri("https://mirror.example/hf/"), storage.Endpoint);
    }

    private sealed class Registrar(IConfiguration configuration) : IPluginRegistrar
    {
        public IServiceCollection Services { get; } = new ServiceCollection().AddLogging();

        public IConfiguration Configuration => configuration;

        public void AddComponent<TContract>(string name, Func<IServiceProvider, TContract> factory, string? description = null)
            where TContract : class => throw new InvalidOperationException("The module registers no configuration-driven components.");

        public void ClaimOptionsSection(string name) => throw new InvalidOperationException("The module claims no options section.");
    }
}
