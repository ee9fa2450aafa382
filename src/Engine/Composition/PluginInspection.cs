using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tournament.Engine.Configuration;
using Tournament.Engine.Plugins;

namespace Tournament.Engine.Composition;

/// <summary>
/// A one-shot look at a configuration and its plugins without starting anything: used by <c>tournament plugins</c>
/// and <c>tournament validate-config</c>. No component is created.
/// </summary>
internal sealed record PluginInspection(LoadedConfiguration Configuration, ComponentCatalog Catalog, IReadOnlyList<ConfigurationProblem> FolderProblems)
{
    public static PluginInspection Run(string configPath, ILoggerFactory loggerFactory, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var configuration = ConfigurationLoader.Load(configPath, environment);
        using var directory = PluginDirectory.Open(configuration, loggerFactory.CreateLogger<PluginInspection>(), watch: false);
        var catalog = ComponentCatalog.Build(directory.LoadAssemblies(), configuration.Root, new ServiceCollection());
        return new PluginInspection(configuration, catalog, directory.Problems.ToList());
    }

    /// <summary>Every problem: schema, plugin folder, failed plugins, duplicates, and every mode's references and options.</summary>
    public IReadOnlyList<ConfigurationProblem> AllProblems() =>
        Configuration.Problems
            .Concat(FolderProblems)
            .Concat(CompositionValidator.PluginFailures(Catalog))
            .Concat(Catalog.Problems)
            .Concat(CompositionValidator.Validate(Configuration, Catalog, null))
            .Distinct()
            .ToList();
}
