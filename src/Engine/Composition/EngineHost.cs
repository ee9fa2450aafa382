using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Engine.Configuration;
using Tournament.Engine.Plugins;
using Tournament.Engine.Telemetry;

namespace Tournament.Engine.Composition;

/// <summary>
/// The started engine: configuration validated, plugins loaded, the active mode composed and its state store
/// initialised. Plugin changes on disk are only noted; <see cref="ApplyPendingReloadAsync"/> (between rounds) applies
/// them by building a new composition from the reloaded assemblies and disposing the old one.
/// </summary>
internal sealed partial class EngineHost : IEngineHost
{
    private readonly LoadedConfiguration _configuration;
    private readonly PluginDirectory _plugins;
    private readonly EngineHostOptions _options;
    private readonly ILogger _logger;
    private readonly EngineMetrics _metrics;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private BuiltComposition _composition;
    private bool _disposed;

    private EngineHost(LoadedConfiguration configuration, PluginDirectory plugins, EngineHostOptions options, ILoggerFactory loggerFactory, TimeProvider time, EngineMetrics metrics, BuiltComposition composition)
    {
        _metrics = metrics;
        _configuration = configuration;
        _plugins = plugins;
        _options = options;
        LoggerFactory = loggerFactory;
        Time = time;
        _logger = loggerFactory.CreateLogger<EngineHost>();
        _composition = composition;
    }

    public ModeComposition Current => _composition.Mode;

    public IServiceProvider Services => _composition.Provider;

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    /// <summary>The loaded configuration.</summary>
    public LoadedConfiguration Configuration => _configuration;

    /// <summary>The plugins of the current composition, with their components and load errors.</summary>
    public IReadOnlyList<PluginReport> Plugins => _composition.Catalog.Plugins;

    /// <summary>True when a plugin changed on disk and <see cref="ApplyPendingReloadAsync"/> has not applied it yet.</summary>
    public bool IsReloadPending => _plugins.HasPendingReload;

    /// <summary>Creates an <see cref="EngineHostFactory"/> that starts hosts with <paramref name="options"/>.</summary>
    public static EngineHostFactory Factory(EngineHostOptions options) =>
        async (configPath, cancellationToken) => await StartAsync(configPath, options, cancellationToken).ConfigureAwait(false);

    /// <summary>Starts the engine from a configuration file.</summary>
    /// <exception cref="ConfigurationException">The configuration has problems (all of them are listed).</exception>
    public static async Task<EngineHost> StartAsync(string configPath, EngineHostOptions? options, CancellationToken cancellationToken)
    {
        options ??= new EngineHostOptions();
        var loggerFactory = options.LoggerFactory ?? NullLoggerFactory.Instance;
        var time = options.TimeProvider ?? TimeProvider.System;
        var configuration = ConfigurationLoader.Load(configPath, options.EnvironmentVariables);
        var logger = loggerFactory.CreateLogger<EngineHost>();

        var plugins = PluginDirectory.Open(configuration, logger);
        var metrics = new EngineMetrics();
        try
        {
            if (plugins.Problems.Count > 0)
            {
                throw new ConfigurationException([.. configuration.Problems, .. plugins.Problems]);
            }

            var composition = Composer.Build(configuration, plugins.LoadAssemblies(options.IncludeBuiltInComponents), loggerFactory, time, WithMetrics(metrics, options.ConfigureServices));
            var host = new EngineHost(configuration, plugins, options, loggerFactory, time, metrics, composition);
            try
            {
                Directory.CreateDirectory(configuration.Environment.DataDirectory);
                await composition.Mode.State.Component.InitializeAsync(cancellationToken).ConfigureAwait(false);
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var mode = composition.Mode;
                    string storage = string.Join(", ", mode.Storage.Select(s => s.Name)), checks = string.Join(", ", mode.Checks.Select(c => c.Name));
                    LogComposed(logger, mode.Mode, mode.Chain.Name, mode.State.Name, storage, mode.PromptSource.Name, mode.Scorer.Name, mode.KingRule.Name, checks);
                }

                return host;
            }
            catch
            {
                await host.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            plugins.Dispose();
            metrics.Dispose();
            throw;
        }
    }

    /// <summary>Every composition of a host shares the host's metrics instruments (registered as an instance: the provider never disposes it).</summary>
    private static Action<IServiceCollection> WithMetrics(EngineMetrics metrics, Action<IServiceCollection>? configure) => services =>
    {
        services.AddSingleton(metrics);
        configure?.Invoke(services);
    };

    public async Task<bool> ApplyPendingReloadAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_plugins.HasPendingReload)
            {
                return false;
            }

            var pending = _plugins.PendingReloads;
            BuiltComposition next;
            try
            {
                next = Composer.Build(_configuration, _plugins.LoadAssemblies(_options.IncludeBuiltInComponents), LoggerFactory, Time, WithMetrics(_metrics, _options.ConfigureServices));
                await next.Mode.State.Component.InitializeAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                _plugins.MarkPending(pending);
                LogReloadFailure(pending, ex);
                return false;
            }

            var previous = _composition;
            _composition = next;
            if (_logger.IsEnabled(LogLevel.Information))
            {
                foreach (var change in CompositionDiff.Describe(previous.Catalog, next.Catalog))
                {
                    LogReloadChange(_logger, change);
                }

                var plugins = string.Join(", ", pending);
                LogReloaded(_logger, plugins, next.Mode.Mode);
            }

            await previous.Provider.DisposeAsync().ConfigureAwait(false);
            return true;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void LogReloadFailure(IReadOnlyCollection<string> pending, Exception ex)
    {
        if (_logger.IsEnabled(LogLevel.Error))
        {
            LogReloadFailed(_logger, string.Join(", ", pending), ex.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _composition.Provider.DisposeAsync().ConfigureAwait(false);
        _plugins.Dispose();
        _gate.Dispose();
        _metrics.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mode {Mode} composed: chain {Chain}, state {State}, storage {Storage}, prompts {Prompts}, scorer {Scorer}, king rule {KingRule}, checks {Checks}.")]
    private static partial void LogComposed(ILogger logger, string mode, string chain, string state, string storage, string prompts, string scorer, string kingRule, string checks);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin reload: {Change}")]
    private static partial void LogReloadChange(ILogger logger, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Plugin(s) {Plugins} reloaded; mode {Mode} recomposed.")]
    private static partial void LogReloaded(ILogger logger, string plugins, string mode);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloading plugin(s) {Plugins} failed; the previous composition stays active and the reload is retried next time: {Error}")]
    private static partial void LogReloadFailed(ILogger logger, string plugins, string error);
}
