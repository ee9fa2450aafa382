using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tournament.TestSupport;

/// <summary>What the server saw of one request.</summary>
public sealed record RecordedRequest(string Path, string Query, string? Authorization, string Body, IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>The body as JSON, or null when it is not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            try
            {
                return JsonNode.Parse(Body);
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}

/// <summary>
/// A Kestrel server on 127.0.0.1 (a free port) that answers as each test scripts it: the handler gets the request
/// context, what was recorded of the request (its body already read) and the 0-based request index. It records every
/// request and the most requests in flight at once.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _count;
    private int _inFlight;
    private int _maxInFlight;

    private LoopbackServer(WebApplication app) => _app = app;

    /// <summary>The address as Kestrel reports it, <c>http://127.0.0.1:&lt;port&gt;</c> (no trailing slash).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary><see cref="BaseUrl"/> as a <see cref="Uri"/>.</summary>
    public Uri BaseUri => new(BaseUrl);

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The Authorization header of each request, in arrival order.</summary>
    public IReadOnlyList<string?> Authorizations => [.. _requests.Select(r => r.Authorization)];

    public int Count => Volatile.Read(ref _count);

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static Task<LoopbackServer> StartAsync(Func<HttpContext, Task> handler) =>
        StartAsync((context, _, _) => handler(context));

    public static Task<LoopbackServer> StartAsync(Func<HttpContext, int, Task> handler) =>
        StartAsync((context, _, index) => handler(context, index));

    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, RecordedRequest, int, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Limits.MaxConcurrentConnections = null);
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new LoopbackServer(app);
        app.Run(async context =>
        {
            var index = Interlocked.Increment(ref server._count) - 1;
            var now = Interlocked.Increment(ref server._inFlight);
            InterlockedMax(ref server._maxInFlight, now);
            try
            {
                using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
                var body = await reader.ReadToEndAsync(context.RequestAborted);
                var request = new RecordedRequest(
                    context.Request.Path.Value ?? "",
                    context.Request.QueryString.Value ?? "",
                    context.Request.Headers.Authorization.FirstOrDefault(),
                    body,
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
                server._requests.Enqueue(request);
                await handler(context, request, index);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client gave up (timeouts, races): expected in several tests.
            }
            finally
            {
                Interlocked.Decrement(ref server._inFlight);
            }
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>A handler that answers every request with <paramref name="status"/> and <paramref name="body"/>.</summary>
    public static Func<HttpContext, Task> Reply(int status, string body, string contentType = "application/json") => async context =>
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    };

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
