using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tournament.Engine.State;

namespace Tournament.Engine.Serve;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (the state is readable and the chain answers).</summary>
internal static class HealthEndpoints
{
    /// <summary>How long <c>/readyz</c> waits for the chain head.</summary>
    public static readonly TimeSpan ChainTimeout = TimeSpan.FromSeconds(5);

    public static void Map(IEndpointRouteBuilder app, ServeState state, ServeSettings settings, ServeMetrics metrics)
    {
        app.MapGet("/healthz", () => TypedResults.Text("ok")).Produces<string>(contentType: "text/plain").WithSummary("Liveness: the process answers.");
        app.MapGet("/readyz", async (HttpContext http) =>
            {
                var ready = new ReadyView(false, await StateProbeAsync(state, http.RequestAborted), await ChainProbeAsync(settings, metrics, http.RequestAborted));
                ready = ready with { Ready = ready.State.Ok && ready.Chain.Ok };
                http.Response.Headers.CacheControl = "no-store";
                return TypedResults.Json(ready, ServeJson.Options, statusCode: ready.Ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
            })
            .Produces<ReadyView>().Produces<ReadyView>(StatusCodes.Status503ServiceUnavailable).WithSummary("Readiness: state readable (WAL, current schema) and chain head reachable.");
    }

    private static async Task<ProbeView> StateProbeAsync(ServeState state, CancellationToken ct)
    {
        try
        {
            var version = await state.ReadAsync((c, t) => StateReader.ReadVersionAsync(c, t, ct), ct).ConfigureAwait(false);
            return new ProbeView(true, string.Create(CultureInfo.InvariantCulture, $"readable; {version} round(s) committed in all"));
        }
        catch (StateUnavailableException ex)
        {
            return new ProbeView(false, ex.Message);
        }
    }

    private static async Task<ProbeView> ChainProbeAsync(ServeSettings settings, ServeMetrics metrics, CancellationToken ct)
    {
        if (settings.Chain is not { } chain)
        {
            return new ProbeView(true, "not probed (no chain configured)");
        }

        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(ChainTimeout);
        try
        {
            var head = await chain.GetHeadAsync(timeout.Token).ConfigureAwait(false);
            metrics.ChainCall("head", Stopwatch.GetElapsedTime(started), ok: true, head.Number);
            return new ProbeView(true, string.Create(CultureInfo.InvariantCulture, $"head block {head.Number}"));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && !ct.IsCancellationRequested)
        {
            metrics.ChainCall("head", Stopwatch.GetElapsedTime(started), ok: false, null);
            return new ProbeView(false, ex is OperationCanceledException ? $"the chain did not answer within {ChainTimeout.TotalSeconds:0} s" : "the chain head could not be read: " + ex.Message);
        }
    }
}
