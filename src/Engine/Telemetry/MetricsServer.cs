using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;
using Tournament.Cli;
using Tournament.Engine.Common;

namespace Tournament.Engine.Telemetry;

/// <summary>
/// <c>tournament run --metrics-urls</c>: a Kestrel listener that answers <c>GET /metrics</c> with the engine host's
/// instruments in Prometheus text format (prometheus-net collectors fed by <see cref="MeterBridge"/> from this host's meter only)
/// and 404 for anything else. Off unless asked for; loopback unless another address is given (logged as a warning).
/// </summary>
internal sealed partial class MetricsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IDisposable _adapter;

    private MetricsServer(WebApplication app, IDisposable adapter)
    {
        _app = app;
        _adapter = adapter;
    }

    /// <summary>
    /// Cancelled when the web host's console lifetime saw SIGTERM or Ctrl-C (it takes the signal over from the command
    /// line): <c>run</c> stops its rounds on it.
    /// </summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>The bound addresses (port 0 resolved).</summary>
    public IReadOnlyList<string> Urls => [.. _app.Urls];

    /// <summary>Starts listening; a port in use or a bad address is one sentence (exit 2).</summary>
    public static async Task<MetricsServer> StartAsync(EngineMetrics metrics, IReadOnlyList<string> urls, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(urls);
        var registry = Metrics.NewCustomRegistry();
        var adapter = new MeterBridge(metrics.Meter, registry, EngineMetrics.Buckets);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(MetricsServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls([.. urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.MaxRequestLineSize = 4 * 1024;
            k.Limits.MaxRequestBodySize = 0;
        });
        var app = builder.Build();
        app.MapMetrics("/metrics", registry);
        app.MapFallback(() => Results.Text("Only /metrics is served here.", statusCode: StatusCodes.Status404NotFound));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            adapter.Dispose();
            throw new UserInputException($"Cannot listen on {string.Join(", ", urls)} for metrics: {ex.Message}", ex);
        }

        foreach (var url in app.Urls.Where(u => !ListenUrls.IsLoopback(u)))
        {
            LogPublic(logger, url);
        }

        return new MetricsServer(app, adapter);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _adapter.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics listen on {Url}, which is not loopback: anyone who can reach it reads them.")]
    private static partial void LogPublic(ILogger logger, string url);
}
