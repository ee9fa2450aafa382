using Tournament.Engine.Plugins;

namespace Tournament.Engine.Composition;

/// <summary>Describes what changed between two catalogs, for the reload log.</summary>
internal static class CompositionDiff
{
    public static IEnumerable<string> Describe(ComponentCatalog before, ComponentCatalog after)
    {
        static string Key(ComponentDescriptor c) => $"{c.ContractName} '{c.Name}' ({c.Plugin})";
        var old = before.Components.Select(Key).ToHashSet(StringComparer.Ordinal);
        var now = after.Components.Select(Key).ToHashSet(StringComparer.Ordinal);
        foreach (var added in now.Except(old).Order(StringComparer.Ordinal))
        {
            yield return $"component added: {added}";
        }

        foreach (var removed in old.Except(now).Order(StringComparer.Ordinal))
        {
            yield return $"component removed: {removed}";
        }

        foreach (var plugin in after.Plugins)
        {
            var previous = before.Plugins.FirstOrDefault(p => p.Name == plugin.Name);
            if (previous is null)
            {
                yield return $"plugin added: {plugin.Name} {plugin.Version}";
            }
            else if (previous.Version != plugin.Version)
            {
                yield return $"plugin {plugin.Name} version changed: {previous.Version ?? "(failed)"} -> {plugin.Version ?? "(failed)"}";
            }

            if (plugin.Error is not null && previous?.Error is null)
            {
                yield return $"plugin {plugin.Name} failed to load: {plugin.Error}";
            }
        }
    }
}
