using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Plugins.Judges.Chutes;

namespace Tournament.Judges.Chutes.Tests.Infrastructure;

/// <summary>Builds judges exactly as the engine would: configuration, the plugin module, a service provider.</summary>
public sealed class Harness : IDisposable
{
    public const string Key = "sk-chutes-test-7f3a9c2e41b84d0f";
    public const string FallbackKey = "sk-or-test-0b1c2d3e4f5a6b7c";

    private readonly ServiceProvider _provider;
    private readonly Dictionary<string, Func<IServiceProvider, object>> _factories;

    private Harness(ServiceProvider provider, Dictionary<string, Func<IServiceProvider, object>> factories, LogSink logs)
    {
        _provider = provider;
        _factories = factories;
        Logs = logs;
    }

    public LogSink Logs { get; }

    public IReadOnlyCollection<string> Names => _factories.Keys;

    /// <summary>Quick defaults for tests: tiny backoffs, short timeouts, one judge <c>judge/a</c>.</summary>
    public static Dictionary<string, string?> Settings(string baseUrl, params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>
        {
            ["CHUTES_API_KEY"] = Key,
            ["Components:chutes:BaseUrl"] = baseUrl,
            ["Components:chutes:Judges:0:Model"] = "judge/a",
            ["Components:chutes:BaseDelay"] = "00:00:00.001",
            ["Components:chutes:MaxDelay"] = "00:00:00.020",
            ["Components:chutes:FirstChunkTimeout"] = "00:00:10",
            ["Components:chutes:AttemptTimeout"] = "00:00:20",
            ["Components:chutes:Deadline"] = "00:00:30",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key.StartsWith("Components", StringComparison.Ordinal) || key.Contains("KEY", StringComparison.Ordinal) ? key : $"Components:chutes:{key}"] = value;
        }

        return settings;
    }

    public static Harness Create(Dictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new LogSink();
        var services = new ServiceCollection();
        services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        var registrar = new Registrar(services, configuration);
        new ChutesPluginModule().Register(registrar);
        return new Harness(services.BuildServiceProvider(), registrar.Factories, logs);
    }

    public IJudge Judge(string name = "chutes:judge/a") => (IJudge)_factories[name](_provider);

    public void Dispose() => _provider.Dispose();

    private sealed class Registrar(IServiceCollection services, IConfiguration configuration) : IPluginRegistrar
    {
        public Dictionary<string, Func<IServiceProvider, object>> Factories { get; } = new(StringComparer.Ordinal);

        public HashSet<string> ClaimedSections { get; } = new(StringComparer.Ordinal);

        public IServiceCollection Services => services;

        public IConfiguration Configuration => configuration;

        public void AddComponent<TContract>(string name, Func<IServiceProvider, TContract> factory, string? description = null)
            where TContract : class
        {
            if (!Factories.TryAdd(name, factory))
            {
                throw new InvalidOperationException($"Duplicate component {name}.");
            }
        }

        public void ClaimOptionsSection(string name) => ClaimedSections.Add(name);
    }
}

/// <summary>Small helpers for requests and results.</summary>
public static class Calls
{
    public static JudgeRequest Request(string text = "Which reply is better?", bool json = false) =>
        new([new ChatMessage("system", "You are a judge."), new ChatMessage("user", text)], Temperature: 0, MaxTokens: 256, JsonResponse: json, TraceId: "duel-1");

    public static JudgeAnswer Answer(this JudgeResult result) =>
        result.Match(answer => answer, failure => throw new Xunit.Sdk.XunitException($"Expected an answer, got a failure: {failure.Reason}"));

    public static JudgeFailure Failure(this JudgeResult result) =>
        result.Match(answer => throw new Xunit.Sdk.XunitException($"Expected a failure, got an answer: {answer.Text}"), failure => failure);
}
