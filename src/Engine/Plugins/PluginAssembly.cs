using System.Reflection;

namespace Tournament.Engine.Plugins;

/// <summary>
/// One plugin as loaded for one composition: its assembly, or the reason it failed to load. Rebuilt after every hot
/// reload; never kept across one.
/// </summary>
/// <param name="Name">The plugin's folder name (or the built-in plugin's name).</param>
/// <param name="Path">The plugin's main assembly path.</param>
/// <param name="Assembly">The loaded assembly, or null when loading failed.</param>
/// <param name="Version">Its informational version, when loaded.</param>
/// <param name="Error">One sentence saying why it failed, or null.</param>
/// <param name="IsBuiltIn">True for the engine's own components.</param>
internal sealed record PluginAssembly(string Name, string Path, Assembly? Assembly, string? Version, string? Error, bool IsBuiltIn = false)
{
    public static string VersionOf(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }

    public static PluginAssembly BuiltIn(Assembly assembly) =>
        new(BuiltInName, assembly.Location, assembly, VersionOf(assembly), null, IsBuiltIn: true);

    public const string BuiltInName = "Tournament.Engine (built-in)";
}
