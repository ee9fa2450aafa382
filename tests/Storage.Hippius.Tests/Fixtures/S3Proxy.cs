using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tournament.Storage.Hippius.Tests.Fixtures;

/// <summary>
/// A pass-through proxy in front of s3rver that records each request (method, path, query, ACL and content type) and
/// can answer the next requests with S3 throttling / server errors. The Host header is kept so SigV4 signatures verify.
/// </summary>
internal sealed class S3Proxy : IAsyncDisposable
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase) { "Transfer-Encoding", "Connection", "Keep-Alive" };
    private readonly WebApplication _app;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly Uri _target;

    private S3Proxy(WebApplication app, Uri target)
    {
        _app = app;
        _target = target;
    }

    public Uri Endpoint { get; private set; } = null!;

    public ConcurrentQueue<(int Status, string Code)> FailNext { get; } = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<S3Proxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = null);
        var app = builder.Build();
        var proxy = new S3Proxy(app, target);
        app.Urls.Add("http://127.0.0.1:0");
        app.Run(proxy.ForwardAsync);
        await app.StartAsync();
        proxy.Endpoint = new Uri(app.Urls.First() + "/");
        return proxy;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _client.Dispose();
    }

    private async Task ForwardAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue($"{request.Method} {request.Path}{request.QueryString} acl={request.Headers["x-amz-acl"]} type={request.ContentType}");
        if (FailNext.TryDequeue(out var failure))
        {
            await request.Body.CopyToAsync(Stream.Null);
            context.Response.StatusCode = failure.Status;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{failure.Code}</Code><Message>injected</Message><RequestId>1</RequestId></Error>");
            return;
        }

        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, request.Path + request.QueryString));
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        body.Position = 0;
        forward.Content = new StreamContent(body);
        foreach (var header in request.Headers)
        {
            if (HopHeaders.Contains(header.Key))
            {
                continue;
            }

            if (!forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray()))
            {
                forward.Content.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }
        }

        using var response = await _client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(header.Key))
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body);
    }
}
