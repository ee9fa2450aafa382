using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Tournament.Plugins.Chain.Subtensor.Rpc;

/// <summary>
/// One WebSocket to the node: requests matched to answers by id, notifications routed to their subscription (a bounded
/// queue each, registered by the receive loop before the next message, so none is lost to a race), every message
/// bounded. When the socket fails, every pending request and subscription fails with
/// <see cref="ChainUnavailableException"/> and the connection is dead (the client opens a new one).
/// </summary>
internal sealed class WebSocketConnection : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly int _maxMessageBytes;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<JsonDocument>> _pending = new();
    private readonly ConcurrentDictionary<long, Channel<JsonElement>> _opening = new();
    private readonly ConcurrentDictionary<string, Channel<JsonElement>> _subscriptions = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiveLoop;
    private volatile string? _failure;

    private WebSocketConnection(int maxMessageBytes) => _maxMessageBytes = maxMessageBytes;

    public bool IsAlive => _failure is null && _socket.State == WebSocketState.Open;

    public static async Task<WebSocketConnection> OpenAsync(Uri endpoint, int maxMessageBytes, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var connection = new WebSocketConnection(maxMessageBytes);
        using var limit = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        try
        {
            await connection._socket.ConnectAsync(endpoint, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new ChainUnavailableException($"Could not open a WebSocket to the Subtensor node at {endpoint.GetLeftPart(UriPartial.Authority)}.", ex);
        }

        connection._receiveLoop = Task.Run(connection.ReceiveLoopAsync, CancellationToken.None);
        return connection;
    }

    /// <summary>Sends a request and returns the task of its answer.</summary>
    public async Task<JsonDocument> SendAsync(long id, byte[] request, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<JsonDocument>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        if (_failure is { } failure)
        {
            _pending.TryRemove(id, out _);
            throw new ChainUnavailableException(failure);
        }

        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            _pending.TryRemove(id, out _);
            Fail("The WebSocket to the Subtensor node failed while sending.");
            throw new ChainUnavailableException("The WebSocket to the Subtensor node failed while sending.", ex);
        }
        finally
        {
            _sendLock.Release();
        }

        return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public void Forget(long id)
    {
        _pending.TryRemove(id, out _);
        _opening.TryRemove(id, out _);
    }

    /// <summary>
    /// Sends a subscribing request; its answer (the subscription id) registers the returned queue of notifications. The
    /// queue holds at most <see cref="MaxQueuedNotifications"/>; a node that sends more fails the subscription.
    /// </summary>
    public async Task<(string Subscription, ChannelReader<JsonElement> Notifications)> SubscribeAsync(long id, string method, byte[] request, CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<JsonElement>(new BoundedChannelOptions(MaxQueuedNotifications) { SingleReader = true, SingleWriter = true });
        _opening[id] = channel;
        using JsonDocument answer = await SendAsync(id, request, cancellationToken).ConfigureAwait(false);
        _opening.TryRemove(id, out _);
        JsonElement result = JsonRpcResponse.Result(answer.RootElement, method);
        return SubscriptionId(result) is { } subscription
            ? (subscription, channel.Reader)
            : throw new ChainUnavailableException($"The node answered {method} without a subscription id.");
    }

    public void Unsubscribe(string subscription) => _subscriptions.TryRemove(subscription, out _);

    /// <summary>How many notifications one subscription may have waiting.</summary>
    public const int MaxQueuedNotifications = 64;

    private static string? SubscriptionId(JsonElement result)
        => result.ValueKind is JsonValueKind.String or JsonValueKind.Number && result.ToString() is { Length: > 0 and <= 128 } s && !s.Any(char.IsControl) ? s : null;

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int length = 0;
                ValueWebSocketReceiveResult chunk;
                do
                {
                    if (length == buffer.Length)
                    {
                        if (buffer.Length >= _maxMessageBytes)
                        {
                            Fail($"The Subtensor node sent a message over the limit of {_maxMessageBytes} bytes.");
                            return;
                        }

                        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(_maxMessageBytes, buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    int room = Math.Min(buffer.Length, _maxMessageBytes) - length;
                    chunk = await _socket.ReceiveAsync(buffer.AsMemory(length, room), _stop.Token).ConfigureAwait(false);
                    if (chunk.MessageType == WebSocketMessageType.Close)
                    {
                        Fail("The Subtensor node closed the WebSocket.");
                        return;
                    }

                    length += chunk.Count;
                    if (!chunk.EndOfMessage && length >= _maxMessageBytes)
                    {
                        Fail($"The Subtensor node sent a message over the limit of {_maxMessageBytes} bytes.");
                        return;
                    }
                }
                while (!chunk.EndOfMessage);

                Dispatch(buffer.AsMemory(0, length));
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            Fail("The WebSocket to the Subtensor node dropped.");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> message)
    {
        JsonDocument doc;
        try
        {
            doc = JsonRpcResponse.Parse(message.ToArray());
        }
        catch (ChainUnavailableException ex)
        {
            // One bad message poisons the connection: the answer it was meant to be can no longer be matched.
            Fail(ex.Message);
            return;
        }

        JsonElement root = doc.RootElement;
        if (JsonRpcResponse.Id(root) is long id)
        {
            // A subscription is registered here, before the next message is read: its first notification may follow at once.
            if (_opening.TryRemove(id, out Channel<JsonElement>? opened) && root.TryGetProperty("result", out JsonElement sid) && SubscriptionId(sid) is { } subscription)
            {
                _subscriptions[subscription] = opened;
            }

            if (_pending.TryRemove(id, out TaskCompletionSource<JsonDocument>? waiter))
            {
                waiter.TrySetResult(doc);
                return;
            }
        }
        else if (root.TryGetProperty("params", out JsonElement p) && p.ValueKind == JsonValueKind.Object
                 && p.TryGetProperty("subscription", out JsonElement s) && _subscriptions.TryGetValue(s.ToString(), out Channel<JsonElement>? queue)
                 && p.TryGetProperty("result", out JsonElement result)
                 && !queue.Writer.TryWrite(result.Clone()))
        {
            queue.Writer.TryComplete(new ChainUnavailableException($"The node sent more than {MaxQueuedNotifications} unread notifications for one subscription."));
            _subscriptions.TryRemove(s.ToString(), out _);
        }

        doc.Dispose();
    }

    private void Fail(string reason)
    {
        _failure ??= reason;
        foreach (long id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out TaskCompletionSource<JsonDocument>? waiter))
            {
                waiter.TrySetException(new ChainUnavailableException(reason));
            }
        }

        foreach (string subscription in _subscriptions.Keys)
        {
            if (_subscriptions.TryRemove(subscription, out Channel<JsonElement>? queue))
            {
                queue.Writer.TryComplete(new ChainUnavailableException(reason));
            }
        }

        _socket.Abort();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Abort();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(false);
        }

        Fail("The connection to the Subtensor node was closed.");
        _socket.Dispose();
        _sendLock.Dispose();
        _stop.Dispose();
    }

    internal static byte[] Encode(long id, string method, IReadOnlyList<object?> parameters)
        => Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, object?> { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters }));
}
