using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tournament.Chain.Subtensor.Tests.Server;

/// <summary>
/// A Substrate JSON-RPC node on 127.0.0.1 (Kestrel): WebSocket and HTTP POST on the same port. Each request goes to
/// <see cref="Handler"/>, which replays a recorded answer or misbehaves (see <see cref="NodeReply"/>); scripted
/// one-shot faults run first.
/// </summary>
public sealed class LoopbackNode : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<NodeReply> _faults = new();

    private LoopbackNode(WebApplication app) => _app = app;

    /// <summary>ws://127.0.0.1:port/</summary>
    public Uri WebSocketEndpoint { get; private set; } = null!;

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri HttpEndpoint { get; private set; } = null!;

    /// <summary>Answers a request; null answers with a "method not found" error.</summary>
    public Func<string, JsonArray, NodeReply?> Handler { get; set; } = (_, _) => null;

    /// <summary>Every request received (method, params), in order.</summary>
    public ConcurrentQueue<(string Method, JsonArray Params)> Requests { get; } = new();

    /// <summary>How many WebSockets were accepted.</summary>
    public int Connections => _connections;

    /// <summary>Whether WebSocket upgrades are refused (to exercise the HTTP fallback).</summary>
    public bool RefuseWebSockets { get; set; }

    private int _connections;

    public static async Task<LoopbackNode> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var node = new LoopbackNode(app);
        app.UseWebSockets();
        app.Run(node.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        node.HttpEndpoint = new Uri($"http://127.0.0.1:{address.Port}/");
        node.WebSocketEndpoint = new Uri($"ws://127.0.0.1:{address.Port}/");
        return node;
    }

    /// <summary>Makes the next request misbehave as <paramref name="fault"/> (in order, one request each).</summary>
    public void AddFault(NodeReply fault) => _faults.Enqueue(fault);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            if (RefuseWebSockets)
            {
                context.Response.StatusCode = 503;
                return;
            }

            Interlocked.Increment(ref _connections);
            using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            await ServeSocketAsync(socket, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = 405;
            return;
        }

        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        string body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        (string? text, bool drop, _) = Answer(body);
        if (drop)
        {
            context.Abort();
            return;
        }

        if (text is null)
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(text, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task ServeSocketAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[1 << 20];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                int length = 0;
                WebSocketReceiveResult chunk;
                do
                {
                    chunk = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancellationToken).ConfigureAwait(false);
                    if (chunk.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    length += chunk.Count;
                }
                while (!chunk.EndOfMessage);

                (string? text, bool drop, IReadOnlyList<string> then) = Answer(Encoding.UTF8.GetString(buffer, 0, length));
                if (drop)
                {
                    socket.Abort();
                    return;
                }

                foreach (string message in text is null ? then : [text, .. then])
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(message), WebSocketMessageType.Text, true, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away.
        }
    }

    /// <summary>The text to send (null: stay silent), whether to drop the connection, and notifications to send after it.</summary>
    private (string? Text, bool Drop, IReadOnlyList<string> Then) Answer(string body)
    {
        JsonObject request = JsonNode.Parse(body)!.AsObject();
        string method = (string)request["method"]!;
        JsonArray parameters = request["params"]?.AsArray() ?? [];
        Requests.Enqueue((method, parameters));
        JsonNode? id = request["id"]?.DeepClone();
        NodeReply reply = (_faults.TryDequeue(out NodeReply? fault) ? fault : Handler(method, parameters))
            ?? new NodeReply.Failure(-32601, $"Method not found: {method}");
        if (reply is NodeReply.Subscription sub)
        {
            string answer = new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = sub.Id }.ToJsonString();
            return (answer, false, [.. sub.Notifications.Select(n => n is null
                ? "{\"jsonrpc\":\"2.0\",\"method\":"
                : new JsonObject { ["jsonrpc"] = "2.0", ["method"] = sub.Method, ["params"] = new JsonObject { ["subscription"] = sub.Id, ["result"] = n.DeepClone() } }.ToJsonString())]);
        }

        return reply switch
        {
            NodeReply.Result r => (new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = r.Value?.DeepClone() }.ToJsonString(), false, []),
            NodeReply.Failure e => (new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = e.Code, ["message"] = e.Message } }.ToJsonString(), false, []),
            NodeReply.Raw raw => (raw.Text.Replace("{id}", id?.ToJsonString() ?? "null", StringComparison.Ordinal), false, []),
            NodeReply.Oversized o => (new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = new string('a', o.Bytes) }.ToJsonString(), false, []),
            NodeReply.Silent => (null, false, []),
            _ => (null, true, []),
        };
    }
}
