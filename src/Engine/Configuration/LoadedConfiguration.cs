using Microsoft.Extensions.Configuration;
using Tournament.Abstractions;

namespace Tournament.Engine.Configuration;

/// <summary>
/// A configuration file read and bound: the raw configuration (file plus environment), the bound
/// <see cref="TournamentSettings"/> and the problems found so far (schema problems; component problems are found
/// later, once the plugins are loaded).
/// </summary>
/// <param name="ConfigPath">The configuration file's full path.</param>
/// <param name="Root">The configuration (file plus <c>TOURNAMENT_</c> environment variables).</param>
/// <param name="Settings">The bound <c>Tournament</c> section (best effort when there are problems).</param>
/// <param name="Environment">The config and data folders.</param>
/// <param name="PluginsPath">The plugins folder, resolved.</param>
/// <param name="PluginsPathConfigured">True when the plugins folder was set in configuration (it must then exist).</param>
/// <param name="Problems">Schema problems.</param>
public sealed record LoadedConfiguration(
    string ConfigPath,
    IConfigurationRoot Root,
    TournamentSettings Settings,
    HostEnvironment Environment,
    string PluginsPath,
    bool PluginsPathConfigured,
    IReadOnlyList<ConfigurationProblem> Problems);
