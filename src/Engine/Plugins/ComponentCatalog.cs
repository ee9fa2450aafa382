using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tournament.Abstractions;
using Tournament.Engine.Configuration;

namespace Tournament.Engine.Plugins;

/// <summary>
/// The components of one composition: scans every loaded plugin assembly, runs its module, detects duplicate names
/// and registers each component as a keyed singleton (contract, name) whose factory binds and validates its options
/// and creates it with <see cref="ActivatorUtilities"/>.
/// </summary>
internal sealed class ComponentCatalog
{
    private readonly List<ComponentDescriptor> _components = [];
    private readonly List<PluginReport> _plugins = [];
    private readonly List<ConfigurationProblem> _problems = [];
    private readonly HashSet<string> _duplicates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _claimedSections = new(StringComparer.OrdinalIgnoreCase);

    private ComponentCatalog()
    {
    }

    public IReadOnlyList<ComponentDescriptor> Components => _components;

    public IReadOnlyList<PluginReport> Plugins => _plugins;

    /// <summary>Duplicate names and similar catalog-wide problems.</summary>
    public IReadOnlyList<ConfigurationProblem> Problems => _problems;

    public IEnumerable<PluginReport> FailedPlugins => _plugins.Where(p => p.Error is not null);

    /// <summary>True when several plugins declare the name (already reported in <see cref="Problems"/>).</summary>
    public bool IsDuplicate(string name) => _duplicates.Contains(name);

    /// <summary>The plugin that claimed <c>Components:&lt;name&gt;</c> and binds it itself, or null.</summary>
    public string? SectionClaimedBy(string name) => _claimedSections.GetValueOrDefault(name);

    public ComponentDescriptor? Find(Type contract, string name) =>
        _components.FirstOrDefault(c => c.Contract == contract && c.Name == name);

    public ComponentDescriptor? Find(string name) => _components.FirstOrDefault(c => c.Name == name);

    public IReadOnlyList<string> NamesOf(Type contract) =>
        _components.Where(c => c.Contract == contract).Select(c => c.Name).Order(StringComparer.Ordinal).ToList();

    /// <summary>Builds the catalog and registers the components and module services into <paramref name="services"/>.</summary>
    public static ComponentCatalog Build(IReadOnlyList<PluginAssembly> assemblies, IConfiguration configuration, IServiceCollection services)
    {
        var catalog = new ComponentCatalog();
        foreach (var plugin in assemblies)
        {
            catalog.Add(plugin, configuration, services);
        }

        return catalog;
    }

    private void Add(PluginAssembly plugin, IConfiguration configuration, IServiceCollection services)
    {
        if (plugin.Assembly is null)
        {
            _plugins.Add(new PluginReport(plugin.Name, plugin.Version, plugin.Path, [], plugin.Error));
            return;
        }

        var found = new List<(ComponentDescriptor Descriptor, Func<IServiceProvider, object> Factory)>();
        var claimed = new List<string>();
        IServiceCollection moduleServices = new ServiceCollection();
        try
        {
            foreach (var type in ComponentScanner.FindComponents(plugin.Assembly))
            {
                found.Add(Describe(plugin.Name, type, configuration));
            }

            var modules = ComponentScanner.FindModules(plugin.Assembly);
            if (modules.Count > 1)
            {
                throw new InvalidOperationException($"The plugin has {modules.Count} IPluginModule types ({string.Join(", ", modules.Select(m => m.FullName))}); a plugin has at most one.");
            }

            if (modules.Count == 1)
            {
                var registrar = new PluginRegistrar(configuration, plugin.Name);
                var module = CreateModule(modules[0]);
                module.Register(registrar);
                found.AddRange(registrar.Components);
                claimed.AddRange(registrar.ClaimedSections);
                foreach (var service in registrar.Services)
                {
                    moduleServices.Add(service);
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var error = Unwrap(ex);
            _plugins.Add(new PluginReport(plugin.Name, plugin.Version, plugin.Path, [], error));
            return;
        }

        foreach (var descriptor in moduleServices)
        {
            services.Add(descriptor);
        }

        foreach (var section in claimed)
        {
            if (_claimedSections.TryGetValue(section, out var owner))
            {
                _problems.Add(new($"Components:{section}", $"The options section 'Components:{section}' is claimed by two plugins ({owner} and {plugin.Name}); remove one of the plugins."));
                continue;
            }

            _claimedSections.Add(section, plugin.Name);
        }

        var accepted = new List<ComponentDescriptor>();
        foreach (var (descriptor, factory) in found)
        {
            if (Find(descriptor.Name) is { } existing)
            {
                _duplicates.Add(descriptor.Name);
                _problems.Add(new($"Components:{descriptor.Name}", $"The component name '{descriptor.Name}' is declared twice: {ComponentContracts.Describe(existing.Contract)} {existing.TypeName} (plugin {existing.Plugin}) and {descriptor.ContractName} {descriptor.TypeName} (plugin {descriptor.Plugin}); component names must be unique, remove one of the plugins or rename one component."));
                continue;
            }

            _components.Add(descriptor);
            accepted.Add(descriptor);
            services.AddKeyedSingleton(descriptor.Contract, descriptor.Name, (sp, _) => Telemetry.ComponentMeters.Decorate(descriptor.Contract, descriptor.Name, factory(sp), sp));
        }

        _plugins.Add(new PluginReport(plugin.Name, plugin.Version, plugin.Path, accepted, null));
    }

    private static (ComponentDescriptor, Func<IServiceProvider, object>) Describe(string plugin, Type type, IConfiguration configuration)
    {
        var attribute = type.GetCustomAttribute<ComponentAttribute>()!;
        var contracts = ComponentContracts.ImplementedBy(type);
        if (contracts.Count != 1)
        {
            throw new InvalidOperationException(contracts.Count == 0
                ? $"{type.FullName} is marked [Component(\"{attribute.Name}\")] but implements none of the component contracts."
                : $"{type.FullName} implements {string.Join(" and ", contracts.Select(c => c.Name))}; a component implements exactly one contract.");
        }

        var optionsType = attribute.Options;
        var descriptor = new ComponentDescriptor(contracts[0], attribute.Name, attribute.Description, plugin, type.FullName ?? type.Name, optionsType);
        return (descriptor, sp => Create(sp, type, attribute.Name, optionsType, configuration));
    }

    private static object Create(IServiceProvider services, Type type, string name, Type? optionsType, IConfiguration configuration)
    {
        if (optionsType is null)
        {
            return ActivatorUtilities.CreateInstance(services, type);
        }

        var options = OptionsBinder.BindOrThrow(configuration.GetSection($"Components:{name}"), optionsType);
        return ActivatorUtilities.CreateInstance(services, type, options);
    }

    private static IPluginModule CreateModule(Type type)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new InvalidOperationException($"The plugin module {type.FullName} needs a public parameterless constructor.");
        }

        return (IPluginModule)Activator.CreateInstance(type)!;
    }

    internal static string Unwrap(Exception ex)
    {
        while (ex is TargetInvocationException { InnerException: { } inner })
        {
            ex = inner;
        }

        if (ex is ReflectionTypeLoadException typeLoad)
        {
            var first = typeLoad.LoaderExceptions.FirstOrDefault(e => e is not null);
            return first is null ? ex.Message : $"A type could not be loaded: {first.Message}";
        }

        return ex.Message;
    }
}

/// <summary>One plugin as shown by <c>tournament plugins</c>.</summary>
internal sealed record PluginReport(string Name, string? Version, string Path, IReadOnlyList<ComponentDescriptor> Components, string? Error);
