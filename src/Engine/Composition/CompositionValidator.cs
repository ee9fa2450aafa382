using Tournament.Abstractions;
using Tournament.Engine.Configuration;
using Tournament.Engine.Plugins;

namespace Tournament.Engine.Composition;

/// <summary>
/// Checks a configuration against the loaded components: every name a mode refers to exists for its contract, and
/// every component options section binds and validates. Problems are returned, never thrown.
/// </summary>
internal static class CompositionValidator
{
    /// <summary>The problems of the given modes (all modes when <paramref name="modes"/> is null).</summary>
    public static List<ConfigurationProblem> Validate(LoadedConfiguration configuration, ComponentCatalog catalog, IReadOnlyCollection<string>? modes)
    {
        var problems = new List<ConfigurationProblem>();
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        var settings = configuration.Settings;
        foreach (var (modeName, mode) in settings.Modes ?? new Dictionary<string, ModeSettings>())
        {
            if (mode is null || (modes is not null && !modes.Contains(modeName)))
            {
                continue;
            }

            foreach (var slot in Slots(settings, modeName, mode))
            {
                if (catalog.IsDuplicate(slot.Name))
                {
                    continue;
                }

                if (catalog.Find(slot.Contract, slot.Name) is { } found)
                {
                    referenced.Add(found.Name);
                }
                else
                {
                    problems.Add(new(slot.Path, Missing(catalog, slot.Contract, slot.Name)));
                }
            }
        }

        var sections = configuration.Root.GetSection("Components").GetChildren().ToList();
        foreach (var section in sections)
        {
            var component = catalog.Find(section.Key);
            if (catalog.IsDuplicate(section.Key))
            {
                continue;
            }

            if (catalog.SectionClaimedBy(section.Key) is { } owner)
            {
                if (component is not null)
                {
                    problems.Add(new(section.Path, $"'Components:{section.Key}' is both the options of the {component.ContractName} '{component.Name}' (plugin {component.Plugin}) and a section claimed by plugin {owner}; rename the component or remove one of the plugins."));
                }

                continue; // the claiming module binds and checks it itself
            }

            if (component is null)
            {
                problems.Add(new(section.Path, $"No component named '{section.Key}'; available: {Available(catalog.Components.Select(c => c.Name))}.{FailedHint(catalog)}"));
            }
            else if (component.OptionsType is null && section.GetChildren().Any())
            {
                problems.Add(new(section.Path, $"The {component.ContractName} '{component.Name}' takes no options; remove this section."));
            }
            else
            {
                referenced.Add(component.Name);
            }
        }

        foreach (var name in referenced.Where(n => !catalog.IsDuplicate(n)).Order(StringComparer.Ordinal))
        {
            if (catalog.Find(name) is { OptionsType: { } optionsType })
            {
                OptionsBinder.Bind(configuration.Root.GetSection($"Components:{name}"), optionsType, problems);
            }
        }

        return problems.Distinct().ToList();
    }

    /// <summary>Problems for plugins that failed to load, with their paths.</summary>
    public static IEnumerable<ConfigurationProblem> PluginFailures(ComponentCatalog catalog) =>
        catalog.FailedPlugins.Select(p => new ConfigurationProblem(p.Path, $"The plugin {p.Name} failed to load: {p.Error}"));

    internal static IEnumerable<Slot> Slots(TournamentSettings settings, string modeName, ModeSettings mode)
    {
        var prefix = $"Tournament:Modes:{modeName}";
        yield return Pick(typeof(IChain), mode.Chain, prefix, settings.Chain, "Chain");
        yield return Pick(typeof(IStateStore), mode.State, prefix, settings.State, "State");
        var storagePath = mode.Storage is null ? "Tournament:Storage" : $"{prefix}:Storage";
        var storage = mode.Storage ?? settings.Storage ?? [TournamentSettings.DefaultStorage];
        for (var i = 0; i < storage.Count; i++)
        {
            yield return new Slot(typeof(IStorageBackend), storage[i], $"{storagePath}:{i}");
        }

        if ((mode.Artifacts ?? settings.Artifacts) is { Length: > 0 } artifacts)
        {
            yield return new Slot(typeof(IStorageBackend), artifacts, mode.Artifacts is null ? "Tournament:Artifacts" : $"{prefix}:Artifacts");
        }

        if (mode.PromptSource is not null)
        {
            yield return new Slot(typeof(IPromptSource), mode.PromptSource, $"{prefix}:PromptSource");
        }

        if (mode.Scorer is not null)
        {
            yield return new Slot(typeof(IScorer), mode.Scorer, $"{prefix}:Scorer");
        }

        if (mode.KingRule is not null)
        {
            yield return new Slot(typeof(IKingRule), mode.KingRule, $"{prefix}:KingRule");
        }

        if (mode.WeightPolicy is not null)
        {
            yield return new Slot(typeof(IWeightPolicy), mode.WeightPolicy, $"{prefix}:WeightPolicy");
        }

        var checks = mode.Checks ?? [];
        for (var i = 0; i < checks.Count; i++)
        {
            yield return new Slot(typeof(IAntiCheatCheck), checks[i], $"{prefix}:Checks:{i}");
        }
    }

    private static Slot Pick(Type contract, string? overridden, string prefix, string fallback, string key) =>
        overridden is null ? new Slot(contract, fallback, $"Tournament:{key}") : new Slot(contract, overridden, $"{prefix}:{key}");

    private static string Missing(ComponentCatalog catalog, Type contract, string name)
    {
        var word = ComponentContracts.Describe(contract);
        var other = catalog.Find(name);
        var hint = other is null ? "" : $" ('{name}' is a {other.ContractName}, not a {word})";
        return $"No {word} named '{name}'{hint}; available: {Available(catalog.NamesOf(contract))}.{FailedHint(catalog)}";
    }

    private static string Available(IEnumerable<string> names)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }

    private static string FailedHint(ComponentCatalog catalog)
    {
        var failed = catalog.FailedPlugins.Select(p => p.Name).ToList();
        return failed.Count == 0 ? "" : $" Plugin(s) that failed to load and may provide it: {string.Join(", ", failed)}.";
    }

    internal sealed record Slot(Type Contract, string Name, string Path);
}
