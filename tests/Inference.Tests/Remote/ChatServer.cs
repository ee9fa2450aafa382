using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tournament.Inference.Tests.Remote;

/// <summary>A Kestrel server on 127.0.0.1 answering <c>/v1/chat/completions</c> as each test scripts it; it records request bodies.</summary>
internal sealed class ChatServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ChatServer(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public List<(string Path, string? Authorization, JsonNode? Body)> Requests { get; } = [];

    public static async Task<ChatServer> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var server = new ChatServer(app);
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            lock (server.Requests)
            {
                server.Requests.Add((context.Request.Path.Value ?? string.Empty, context.Request.Headers.Authorization.FirstOrDefault(), JsonNode.Parse(body)));
            }

            try
            {
                await handler(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                // The client gave up (timeout tests).
            }
        });
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

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
}
