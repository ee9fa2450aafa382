using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Tournament.Abstractions;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>
/// Registers the named HTTP client the backend uses: no automatic redirects (the client follows them itself so the token
/// never leaves the Hub's origin) and a retry pipeline (429 honouring Retry-After, 408/5xx and network errors with
/// exponential backoff and jitter, per-attempt and total timeouts).
/// </summary>
public sealed class HuggingFaceModule : IPluginModule
{
    /// <summary>The name of the HTTP client.</summary>
    public const string HttpClientName = "huggingface";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        var options = new HuggingFaceOptions();
        registrar.Configuration.GetSection(HuggingFaceOptions.SectionName).Bind(options);
        AddHttpClient(registrar.Services, options);
    }

    /// <summary>Adds the named client configured from <paramref name="options"/>.</summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The options.</param>
    public static IHttpClientBuilder AddHttpClient(IServiceCollection services, HuggingFaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = services.AddHttpClient(HttpClientName, client =>
        {
            // Timeouts are the pipeline's (headers) and the downloader's (idle reads), never a whole-transfer limit.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("tournament-hf/0.1");
        })
        .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            MaxConnectionsPerServer = Math.Max(2, options.MaxConcurrentDownloads * 2),
        });
        builder.AddResilienceHandler("huggingface-retry", pipeline =>
        {
            pipeline.AddTimeout(TimeSpan.FromSeconds(options.TotalTimeoutSeconds));
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = Math.Max(1, options.MaxRetries),
                ShouldHandle = args => new ValueTask<bool>(options.MaxRetries > 0 && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                MaxDelay = TimeSpan.FromSeconds(60),
                ShouldRetryAfterHeader = true,
            });
            pipeline.AddTimeout(TimeSpan.FromSeconds(options.RequestTimeoutSeconds));
        });
        return builder;
    }
}
