using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tournament.Abstractions;

namespace Tournament.AlbedoDuel.Tests.Support;

/// <summary>The plugin registration surface, as the engine offers it, over a plain service collection (for plugin modules in tests).</summary>
internal sealed class TestRegistrar(IServiceCollection services, IConfiguration configuration) : IPluginRegistrar
{
    public IServiceCollection Services { get; } = services;

    public IConfiguration Configuration { get; } = configuration;

    public void AddComponent<TContract>(string name, Func<IServiceProvider, TContract> factory, string? description = null)
        where TContract : class => Services.AddKeyedSingleton<TContract>(name, (provider, _) => factory(provider));

    public void ClaimOptionsSection(string name)
    {
    }
}
