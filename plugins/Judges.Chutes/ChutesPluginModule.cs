using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;
using Tournament.Plugins.Judges.Chutes.Client;
using Tournament.Plugins.Judges.Chutes.Judging;
using Tournament.Plugins.Judges.Chutes.Options;

namespace Tournament.Plugins.Judges.Chutes;

/// <summary>
/// Registers one keyed <see cref="IJudge"/> per model listed in <c>Components:chutes:Judges</c>, named
/// <c>chutes:&lt;model&gt;</c> or the judge's <c>Name</c>. Nothing is registered when the section is absent.
/// </summary>
public sealed class ChutesPluginModule : IPluginModule
{
    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.ClaimOptionsSection(ChutesOptions.SectionName);
        var section = registrar.Configuration.GetSection(ChutesOptions.Section);
        if (!section.Exists())
        {
            return;
        }

        var options = Bind(section);
        var configuration = registrar.Configuration;
        registrar.Services.AddHttpClient(ModelClient.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // attempt timeouts are ours
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                ConnectTimeout = TimeSpan.FromSeconds(30),
                AutomaticDecompression = System.Net.DecompressionMethods.All,
            })
            .RedactLoggedHeaders(static _ => true);
        registrar.Services.AddSingleton(provider => new ChutesEnsemble(
            options,
            variable => configuration[variable] ?? Environment.GetEnvironmentVariable(variable),
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System,
            provider.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance));
        foreach (var judge in options.Judges)
        {
            var name = judge.ComponentName;
            registrar.AddComponent<IJudge>(
                name,
                provider => provider.GetRequiredService<ChutesEnsemble>().Get(name),
                $"{options.ProviderName} judge {judge.Model} (OpenAI-compatible, {(options.Stream ? "streaming" : "non-streaming")})");
        }
    }

    internal static ChutesOptions Bind(IConfigurationSection section)
    {
        var options = new ChutesOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException exception)
        {
            throw new InvalidOperationException($"{ChutesOptions.Section} cannot be read: {exception.Message} Fix the value's type (durations look like \"00:00:30\").", exception);
        }

        var errors = ChutesOptionsValidator.Validate(options);
        return errors.Count == 0
            ? options
            : throw new InvalidOperationException($"{ChutesOptions.Section} has {errors.Count} problem(s): {string.Join(" ", errors)}");
    }
}
