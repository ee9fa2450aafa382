using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Configuration;
using Tournament.Engine.Plugins;

namespace Tournament.Engine.Composition;

/// <summary>One built composition: its service provider, catalog and the active mode's components.</summary>
internal sealed record BuiltComposition(ServiceProvider Provider, ComponentCatalog Catalog, ModeComposition Mode, IReadOnlyList<PluginAssembly> Assemblies);

/// <summary>Builds a service provider from host services and plugin registrations, then resolves the active mode.</summary>
internal static partial class Composer
{
    public static ServiceCollection HostServices(LoadedConfiguration configuration, ILoggerFactory loggerFactory, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(time);
        services.AddSingleton(configuration.Environment);
        services.AddSingleton<IConfiguration>(configuration.Root);
        services.AddHttpClient();
        return services;
    }

    /// <summary>Builds the composition for the active mode or throws <see cref="ConfigurationException"/> with every problem.</summary>
    public static BuiltComposition Build(
        LoadedConfiguration configuration,
        IReadOnlyList<PluginAssembly> assemblies,
        ILoggerFactory loggerFactory,
        TimeProvider time,
        Action<IServiceCollection>? configure)
    {
        var logger = loggerFactory.CreateLogger("Tournament.Engine.Composition");
        var services = HostServices(configuration, loggerFactory, time);
        var catalog = ComponentCatalog.Build(assemblies, configuration.Root, services);
        configure?.Invoke(services);

        var mode = configuration.Settings.Mode ?? "";
        var problems = new List<ConfigurationProblem>(configuration.Problems);
        problems.AddRange(catalog.Problems);
        var known = configuration.Settings.Modes?.ContainsKey(mode) == true;
        problems.AddRange(CompositionValidator.Validate(configuration, catalog, known ? [mode] : null));
        if (problems.Count > 0)
        {
            throw new ConfigurationException(problems.Distinct().ToList());
        }

        foreach (var failed in CompositionValidator.PluginFailures(catalog))
        {
            LogUnneededPluginFailed(logger, failed, mode);
        }

        foreach (var inactive in CompositionValidator.Validate(configuration, catalog, null).Except(CompositionValidator.Validate(configuration, catalog, [mode])))
        {
            LogInactiveModeProblem(logger, inactive);
        }

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        try
        {
            return new BuiltComposition(provider, catalog, Resolve(provider, configuration.Settings, mode), assemblies);
        }
        catch
        {
            provider.Dispose();
            throw;
        }
    }

    private static ModeComposition Resolve(IServiceProvider provider, TournamentSettings settings, string modeName)
    {
        var mode = settings.Modes![modeName];
        var slots = CompositionValidator.Slots(settings, modeName, mode).ToList();
        NamedComponent<T> One<T>(string path)
            where T : class => Get<T>(provider, slots.Single(s => s.Path == path));
        List<NamedComponent<T>> Many<T>(string prefix)
            where T : class => slots.Where(s => s.Contract == typeof(T) && s.Path.StartsWith(prefix, StringComparison.Ordinal)).Select(s => Get<T>(provider, s)).ToList();

        var prefix = $"Tournament:Modes:{modeName}";
        var storagePrefix = mode.Storage is null ? "Tournament:Storage:" : $"{prefix}:Storage:";
        var artifactsSlot = slots.FirstOrDefault(s => s.Path.EndsWith(":Artifacts", StringComparison.Ordinal));
        var policySlot = slots.FirstOrDefault(s => s.Contract == typeof(IWeightPolicy));
        return new ModeComposition(
            modeName,
            One<IChain>(mode.Chain is null ? "Tournament:Chain" : $"{prefix}:Chain"),
            One<IStateStore>(mode.State is null ? "Tournament:State" : $"{prefix}:State"),
            Many<IStorageBackend>(storagePrefix),
            artifactsSlot is null ? null : Get<IStorageBackend>(provider, artifactsSlot),
            One<IPromptSource>($"{prefix}:PromptSource"),
            One<IScorer>($"{prefix}:Scorer"),
            One<IKingRule>($"{prefix}:KingRule"),
            Many<IAntiCheatCheck>($"{prefix}:Checks:"))
        {
            ComponentErrorRounds = settings.ComponentErrorRounds,
            Schedule = mode.Schedule ?? new ScheduleSettings(),
            WeightPolicy = policySlot is null ? null : Get<IWeightPolicy>(provider, policySlot),
            Metrics = provider.GetService<Telemetry.EngineMetrics>(),
        };
    }

    private static NamedComponent<T> Get<T>(IServiceProvider provider, CompositionValidator.Slot slot)
        where T : class
    {
        try
        {
            return new NamedComponent<T>(slot.Name, provider.GetRequiredKeyedService<T>(slot.Name));
        }
        catch (ConfigurationException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new ConfigurationException(slot.Path, $"The {ComponentContracts.Describe(typeof(T))} '{slot.Name}' could not be created: {ComponentCatalog.Unwrap(ex)}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem} (mode {Mode} does not need it)")]
    private static partial void LogUnneededPluginFailed(ILogger logger, ConfigurationProblem problem, string mode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inactive mode: {Problem}")]
    private static partial void LogInactiveModeProblem(ILogger logger, ConfigurationProblem problem);
}
