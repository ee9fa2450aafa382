using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Plugins.Judges.Chutes.Client;
using Tournament.Plugins.Judges.Chutes.Options;

namespace Tournament.Plugins.Judges.Chutes.Judging;

/// <summary>
/// All the judges of one configuration. Model clients (and so the per-model concurrency limits) are shared by the
/// judges that name the same model; each judge has its own circuit.
/// </summary>
internal sealed class ChutesEnsemble
{
    private readonly Dictionary<string, ChutesJudge> _judges = new(StringComparer.Ordinal);

    public ChutesEnsemble(
        ChutesOptions options, Func<string, string?> readSecret, IHttpClientFactory http, TimeProvider time, ILoggerFactory loggers)
    {
        var clientLogger = loggers.CreateLogger<ModelClient>();
        var primary = new ProviderEndpoint(options.ProviderName, options.BaseUrl, Key(readSecret, options.ApiKeyVariable, options.ProviderName));
        var fallback = options.Fallback is { } f
            ? new ProviderEndpoint(f.Name, f.BaseUrl, Key(readSecret, f.ApiKeyVariable, f.Name))
            : null;
        var primaryClients = new Dictionary<string, ModelClient>(StringComparer.Ordinal);
        var fallbackClients = new Dictionary<string, ModelClient>(StringComparer.Ordinal);
        foreach (var judge in options.Judges)
        {
            if (!primaryClients.TryGetValue(judge.Model, out var client))
            {
                client = new ModelClient(http, primary, judge.Model, judge.MaxConcurrency ?? options.MaxConcurrency, options, time, clientLogger);
                primaryClients.Add(judge.Model, client);
            }

            Route? route = null;
            if (fallback is not null && options.Fallback is { } fallbackOptions)
            {
                var model = fallbackOptions.ModelFor(judge)!;
                if (!fallbackClients.TryGetValue(model, out var other))
                {
                    other = new ModelClient(http, fallback, model, fallbackOptions.MaxConcurrency, options, time, clientLogger);
                    fallbackClients.Add(model, other);
                }

                route = new Route(other, fallbackOptions.Mode, new PrimaryCircuit(options.CircuitBreaker.FailureThreshold, options.CircuitBreaker.BreakDuration, time));
            }

            _judges.Add(judge.ComponentName, new ChutesJudge(judge.ComponentName, client, route, time, loggers.CreateLogger<ChutesJudge>()));
        }
    }

    public IReadOnlyCollection<string> Names => _judges.Keys;

    public IJudge Get(string name) => _judges[name];

    private static ApiKey Key(Func<string, string?> readSecret, string variable, string provider)
    {
        var value = readSecret(variable);
        return string.IsNullOrWhiteSpace(value)
            ? throw new InvalidOperationException(
                $"The environment variable {variable} is empty or not set: export the {provider} API key in it before starting judges.")
            : new ApiKey(value);
    }
}
