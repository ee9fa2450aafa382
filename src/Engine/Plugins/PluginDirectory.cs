using System.Collections.Concurrent;
using System.Reflection;
using McMaster.NETCore.Plugins;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Configuration;

namespace Tournament.Engine.Plugins;

/// <summary>
/// The plugins folder: one McMaster loader per <c>plugins/&lt;Name&gt;/&lt;Name&gt;.dll</c>, each in its own
/// unloadable load context with the contracts shared with the host. With hot reload on, McMaster reloads a plugin's
/// context when its files change; this class only marks the plugin pending (<see cref="PendingReloads"/>): the new
/// assemblies are taken by the next <see cref="LoadAssemblies"/>, which the engine calls between rounds.
/// </summary>
internal sealed partial class PluginDirectory : IDisposable
{
    private static readonly Type[] SharedTypes =
    [
        typeof(IScorer), typeof(OneOf.Types.Success), typeof(IServiceCollection), typeof(IConfiguration),
        typeof(ILogger), typeof(Microsoft.Extensions.Options.IOptions<>), typeof(IHttpClientFactory),
    ];

    private readonly ILogger _logger;
    private readonly List<Entry> _entries = [];
    private readonly ConcurrentDictionary<string, bool> _pending = new(StringComparer.Ordinal);
    private readonly List<ConfigurationProblem> _problems = [];

    private PluginDirectory(ILogger logger) => _logger = logger;

    /// <summary>Problems with the folder itself (missing allowlisted plugins).</summary>
    public IReadOnlyList<ConfigurationProblem> Problems => _problems;

    /// <summary>Names of plugins whose files changed since the last <see cref="LoadAssemblies"/>.</summary>
    public IReadOnlyCollection<string> PendingReloads => _pending.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>True when a plugin changed since the last <see cref="LoadAssemblies"/>.</summary>
    public bool HasPendingReload => !_pending.IsEmpty;

    /// <summary>Discovers the plugin folders and creates their loaders (no assembly is loaded yet).</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="logger">Where reload notices go.</param>
    /// <param name="watch">False disables hot reload whatever the configuration says (one-shot inspection).</param>
    public static PluginDirectory Open(LoadedConfiguration configuration, ILogger logger, bool watch = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var directory = new PluginDirectory(logger);
        directory.Discover(configuration.PluginsPath, configuration.Settings.Plugins, watch && configuration.Settings.HotReload);
        return directory;
    }

    /// <summary>Loads (or re-takes, after a reload) every plugin's main assembly, plus the engine's built-in one.</summary>
    /// <param name="includeBuiltIn">False leaves out the engine's own components.</param>
    public IReadOnlyList<PluginAssembly> LoadAssemblies(bool includeBuiltIn = true)
    {
        _pending.Clear();
        var result = new List<PluginAssembly>();
        if (includeBuiltIn)
        {
            result.Add(PluginAssembly.BuiltIn(typeof(PluginDirectory).Assembly));
        }

        foreach (var entry in _entries)
        {
            result.Add(Load(entry));
        }

        return result;
    }

    /// <summary>Marks plugins pending again (a reload that could not be applied is retried next time).</summary>
    public void MarkPending(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            _pending[name] = true;
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries)
        {
            entry.Loader?.Dispose();
        }

        _entries.Clear();
    }

    private void Discover(string pluginsPath, IReadOnlyList<string>? allowlist, bool hotReload)
    {
        var folders = Directory.Exists(pluginsPath)
            ? Directory.GetDirectories(pluginsPath).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
        if (allowlist is not null)
        {
            for (var i = 0; i < allowlist.Count; i++)
            {
                if (!folders.Contains(allowlist[i], StringComparer.Ordinal))
                {
                    _problems.Add(new($"Tournament:Plugins:{i}", $"No plugin folder '{allowlist[i]}' in '{pluginsPath}'; found: {(folders.Count == 0 ? "none" : string.Join(", ", folders))}."));
                }
            }

            folders = folders.Where(f => allowlist.Contains(f, StringComparer.Ordinal)).ToList();
        }

        foreach (var name in folders)
        {
            var assemblyPath = Path.Combine(pluginsPath, name, name + ".dll");
            if (!File.Exists(assemblyPath))
            {
                _entries.Add(new Entry(name, assemblyPath, null, $"The plugin folder has no {name}.dll; a plugin folder must be named after its assembly."));
                continue;
            }

            try
            {
                var loader = PluginLoader.CreateFromAssemblyFile(assemblyPath, SharedTypes, config =>
                {
                    config.PreferSharedTypes = true;
                    config.IsUnloadable = true;
                    config.EnableHotReload = hotReload;
                    config.SharedAssemblies.Add(new AssemblyName("Tournament.Inference"));
                });
                loader.Reloaded += (_, _) => OnReloaded(name);
                _entries.Add(new Entry(name, assemblyPath, loader, null));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                _entries.Add(new Entry(name, assemblyPath, null, ex.Message));
            }
        }
    }

    private void OnReloaded(string name)
    {
        _pending[name] = true;
        if (_logger.IsEnabled(LogLevel.Information))
        {
            LogPluginChanged(_logger, name);
        }
    }

    private static PluginAssembly Load(Entry entry)
    {
        if (entry.Loader is null)
        {
            return new PluginAssembly(entry.Name, entry.AssemblyPath, null, null, entry.Error);
        }

        try
        {
            var assembly = entry.Loader.LoadDefaultAssembly();
            return new PluginAssembly(entry.Name, entry.AssemblyPath, assembly, PluginAssembly.VersionOf(assembly), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new PluginAssembly(entry.Name, entry.AssemblyPath, null, null, ex.Message);
        }
    }

    private sealed record Entry(string Name, string AssemblyPath, PluginLoader? Loader, string? Error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin {Plugin} changed on disk; the reload will be applied between rounds.")]
    private static partial void LogPluginChanged(ILogger logger, string plugin);
}
