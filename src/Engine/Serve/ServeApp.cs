using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace Tournament.Engine.Serve;

/// <summary>
/// Builds the <c>tournament serve</c> web application: security headers, problem bodies for every error, the API,
/// the OpenAPI document (<c>/openapi/v1.json</c>), health, <c>/metrics</c> and the page.
/// </summary>
internal static partial class ServeApp
{
    /// <summary>The page's policy: scripts, styles and data from this origin only; nothing inline, no frames.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static WebApplication Build(ServeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ServeApp).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(settings.LoggerFactory);
        builder.WebHost.UseUrls([.. settings.Urls]);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.MaxRequestLineSize = 4 * 1024;
            k.Limits.MaxRequestBodySize = 0;
        });
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(o => ServeJson.Configure(o.SerializerOptions));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Tournament serve";
            document.Info.Description = "Read-only view of the committed tournament state (docs/serve.md).";
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        var metrics = new ServeMetrics();
        var state = new ServeState(settings.StatePath, metrics);
        var queries = new ServeQueries(state, settings);
        var logger = settings.LoggerFactory.CreateLogger("Tournament.Engine.Serve");
        metrics.Registry.AddBeforeCollectCallback(async ct =>
        {
            try
            {
                await metrics.RefreshAsync(state, ct).ConfigureAwait(false);
            }
            catch (StateUnavailableException ex)
            {
                LogMetricsStale(logger, ex.Message);
            }
        });

        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            await next(context).ConfigureAwait(false);
        });
        app.Use((context, next) => ServeErrors.HandleAsync(context, next, logger));
        app.UseStatusCodePages();
        app.UseHttpMetrics(o => o.SetMetricFactory(Metrics.WithCustomRegistry(metrics.Registry)));
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.Headers.Allow = "GET, HEAD";
                await ApiProblems.Problem(StatusCodes.Status405MethodNotAllowed, "This server is read-only: only GET and HEAD are answered.").ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        ApiEndpoints.Map(app, queries);
        HealthEndpoints.Map(app, state, settings, metrics);
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapMetrics("/metrics", metrics.Registry);
        PageEndpoints.Map(app);
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Metrics from the state are stale: {Reason}")]
    private static partial void LogMetricsStale(ILogger logger, string reason);
}
