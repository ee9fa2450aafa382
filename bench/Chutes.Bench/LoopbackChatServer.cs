using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tournament.Bench.Chutes;

/// <summary>A Kestrel server on 127.0.0.1 answering every chat completion with the same tiny SSE stream.</summary>
internal sealed class LoopbackChatServer : IAsyncDisposable
{
    public static readonly byte[] Stream = Encoding.UTF8.GetBytes(string.Concat(
        "data: {\"id\":\"b\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"short.\"},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"b\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"{\\\"correctness\\\":1}\"},\"finish_reason\":null}]}\n\n",
        "data: {\"id\":\"b\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n",
        "data: {\"id\":\"b\",\"choices\":[],\"usage\":{\"prompt_tokens\":40,\"completion_tokens\":6}}\n\n",
        "data: [DONE]\n\n"));

    private readonly WebApplication _app;

    private LoopbackChatServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<LoopbackChatServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.Run(async context =>
        {
            // Drain the request body as a real server would before answering.
            await context.Request.Body.CopyToAsync(System.IO.Stream.Null, context.RequestAborted);
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.WriteAsync(Stream, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackChatServer(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
