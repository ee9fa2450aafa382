using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tournament.Abstractions;

namespace Tournament.Engine.Plugins;

/// <summary>What a plugin module registers into: a private service collection (copied in only if the module succeeds).</summary>
internal sealed class PluginRegistrar(IConfiguration configuration, string plugin) : IPluginRegistrar
{
    private readonly List<(ComponentDescriptor Descriptor, Func<IServiceProvider, object> Factory)> _components = [];
    private readonly HashSet<string> _claimed = new(StringComparer.OrdinalIgnoreCase);

    public IServiceCollection Services { get; } = new ServiceCollection();

    public IConfiguration Configuration { get; } = configuration;

    public IReadOnlyList<(ComponentDescriptor Descriptor, Func<IServiceProvider, object> Factory)> Components => _components;

    /// <summary>The <c>Components:&lt;name&gt;</c> sections the module binds itself.</summary>
    public IReadOnlyCollection<string> ClaimedSections => _claimed;

    public void ClaimOptionsSection(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The options section name '{name}' contains ':'; claim the top-level name under Components only.", nameof(name));
        }

        _claimed.Add(name);
    }

    public void AddComponent<TContract>(string name, Func<IServiceProvider, TContract> factory, string? description = null)
        where TContract : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!ComponentContracts.IsContract(typeof(TContract)))
        {
            throw new ArgumentException(
                $"{typeof(TContract).Name} is not a component contract; use one of {string.Join(", ", ComponentContracts.All.Select(c => c.Name))}.",
                nameof(TContract));
        }

        var descriptor = new ComponentDescriptor(typeof(TContract), name, description, plugin, "(registered by the plugin module)", null);
        _components.Add((descriptor, sp => factory(sp)));
    }
}
