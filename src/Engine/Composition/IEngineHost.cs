using Microsoft.Extensions.Logging;

namespace Tournament.Engine.Composition;

/// <summary>
/// A started engine: configuration loaded and validated, plugins loaded, the active mode composed. Hot reload:
/// plugin file changes are only noted while a round runs; <see cref="ApplyPendingReloadAsync"/>, called between rounds,
/// reloads them and recomposes <see cref="Current"/>.
/// </summary>
public interface IEngineHost : IAsyncDisposable
{
    /// <summary>The active mode's components.</summary>
    ModeComposition Current { get; }

    /// <summary>The composition's service provider (host services plus plugin registrations).</summary>
    IServiceProvider Services { get; }

    /// <summary>Logging for the engine and components.</summary>
    ILoggerFactory LoggerFactory { get; }

    /// <summary>The clock.</summary>
    TimeProvider Time { get; }

    /// <summary>Reloads changed plugins and recomposes, if any changed since the last call. Never call mid-round.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when a reload happened.</returns>
    Task<bool> ApplyPendingReloadAsync(CancellationToken cancellationToken);
}

/// <summary>Starts an engine host from a configuration file.</summary>
/// <param name="configPath">The configuration file.</param>
/// <param name="cancellationToken">Cancels start-up.</param>
public delegate Task<IEngineHost> EngineHostFactory(string configPath, CancellationToken cancellationToken);
