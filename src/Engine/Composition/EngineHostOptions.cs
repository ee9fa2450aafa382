using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tournament.Engine.Composition;

/// <summary>How an <see cref="EngineHost"/> is started; every member has a production default.</summary>
public sealed class EngineHostOptions
{
    /// <summary>Logging for the engine and components; default: no logging. Not disposed by the host.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The clock; default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Environment variables to read <c>TOURNAMENT_*</c> overrides from; default: the process environment.</summary>
    public IReadOnlyDictionary<string, string?>? EnvironmentVariables { get; init; }

    /// <summary>
    /// False composes from the plugins folder only, without the engine's built-in components (sqlite, local-chain,
    /// local, …): for tests that must not depend on them. Default true.
    /// </summary>
    public bool IncludeBuiltInComponents { get; init; } = true;

    /// <summary>Runs last on every composition's service collection (tests replace host services here).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}
