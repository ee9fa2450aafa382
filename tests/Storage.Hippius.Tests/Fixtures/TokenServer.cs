using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tournament.Storage.Hippius.Tests.Fixtures;

/// <summary>
/// A registry token service (Docker/OCI token protocol) on its own 127.0.0.1 port: <c>GET /token?service=…&amp;scope=…</c>
/// answers <c>{"token": Token, "expires_in": ExpiresIn}</c>, optionally only to the right HTTP Basic credentials, or a
/// canned hostile answer.
/// </summary>
internal sealed class TokenServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TokenServer(WebApplication app) => _app = app;

    public Uri Realm { get; private set; } = null!;

    public string Token { get; set; } = "issued-token-7d2e";

    public int ExpiresIn { get; set; } = 300;

    /// <summary>When set, the request must carry exactly this Basic user:password, or it gets 401.</summary>
    public (string User, string Password)? RequiredBasic { get; set; }

    /// <summary>When set, answered instead of a token: (status, body).</summary>
    public (int Status, string Body)? Canned { get; set; }

    public ConcurrentQueue<(string Query, string Authorization)> Requests { get; } = new();

    public static async Task<TokenServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new TokenServer(app);
        app.Urls.Add("http://127.0.0.1:0");
        app.MapGet("/token", server.TokenAsync);
        await app.StartAsync();
        server.Realm = new Uri(app.Urls.First() + "/token");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task TokenAsync(HttpContext context)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        Requests.Enqueue((context.Request.QueryString.Value ?? "", authorization));
        if (RequiredBasic is { } basic && authorization != "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(basic.User + ":" + basic.Password)))
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (Canned is { } canned)
        {
            context.Response.StatusCode = canned.Status;
            await context.Response.WriteAsync(canned.Body);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync($"{{\"token\":\"{Token}\",\"expires_in\":{ExpiresIn},\"issued_at\":\"2026-11-23T00:00:00Z\"}}");
    }
}
