using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Tournament.Abstractions;

namespace Tournament.Engine.Plugins;

/// <summary>Finds component and module types in an assembly with Scrutor.</summary>
internal static class ComponentScanner
{
    /// <summary>Non-abstract classes marked <see cref="ComponentAttribute"/>.</summary>
    public static IReadOnlyList<Type> FindComponents(Assembly assembly) =>
        Scan(assembly, c => c.WithAttribute<ComponentAttribute>(a => a.GetType() == typeof(ComponentAttribute)));

    /// <summary>Non-abstract classes implementing <see cref="IPluginModule"/>.</summary>
    public static IReadOnlyList<Type> FindModules(Assembly assembly) =>
        Scan(assembly, c => c.AssignableTo<IPluginModule>());

    private static List<Type> Scan(Assembly assembly, Action<Scrutor.IImplementationTypeFilter> filter)
    {
        var found = new ServiceCollection();
        found.Scan(scan => scan
            .FromAssemblies(assembly)
            .AddClasses(filter, publicOnly: false)
            .AsSelf()
            .WithTransientLifetime());
        return found
            .Select(d => d.ImplementationType ?? d.ServiceType)
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false })
            .Distinct()
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
    }
}
