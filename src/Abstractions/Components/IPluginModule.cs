using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Tournament.Abstractions;

/// <summary>
/// A plugin's single entry point. The engine creates it with a parameterless constructor and calls
/// <see cref="Register"/> once per composition (at start-up and after every hot reload). Components marked with
/// <see cref="ComponentAttribute"/> are found by scanning and need no registration here; use the module for the
/// services they depend on (HTTP clients, caches) and for components whose names come from configuration.
/// </summary>
public interface IPluginModule
{
    /// <summary>Registers the plugin's services and any configuration-driven components.</summary>
    /// <param name="registrar">The registration surface for this plugin.</param>
    void Register(IPluginRegistrar registrar);
}

/// <summary>What a plugin module may register into, and the configuration it may read.</summary>
public interface IPluginRegistrar
{
    /// <summary>The service collection of the composition being built.</summary>
    IServiceCollection Services { get; }

    /// <summary>The whole engine configuration (file plus environment variables).</summary>
    IConfiguration Configuration { get; }

    /// <summary>
    /// Adds a component under an explicit name, created by <paramref name="factory"/>. Use this for components
    /// whose names come from configuration (for example one judge per configured model). The name takes part in
    /// the same duplicate detection as scanned components.
    /// </summary>
    /// <typeparam name="TContract">The component contract, for example <see cref="IJudge"/>.</typeparam>
    /// <param name="name">The component name.</param>
    /// <param name="factory">Creates the component from the composition's service provider.</param>
    /// <param name="description">A one-line description shown by <c>tournament plugins</c>.</param>
    void AddComponent<TContract>(string name, Func<IServiceProvider, TContract> factory, string? description = null)
        where TContract : class;

    /// <summary>
    /// Claims the configuration section <c>Components:&lt;name&gt;</c> for this plugin: the module binds and validates
    /// it itself (for example a list of judges, each registered with <see cref="AddComponent"/>). The engine then
    /// accepts the section although no component has that name, and leaves checking its keys to the module; report
    /// problems in it by throwing from <see cref="IPluginModule.Register"/> with one clear sentence. Claim the section
    /// whether or not it is present, so that it is documented as the plugin's own. A name may be claimed by one
    /// plugin only and must not also be a component name.
    /// </summary>
    /// <param name="name">The section name under <c>Components</c>, for example <c>chutes</c>.</param>
    void ClaimOptionsSection(string name);
}
