using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tournament.Plugins.Chain.Subtensor.Configuration;

namespace Tournament.Plugins.Chain.Subtensor.Rpc;

/// <summary>
/// JSON-RPC to a Substrate node over a WebSocket (HTTP when the socket cannot be opened and an HTTP endpoint is
/// configured): per-request timeouts, bounded messages, and idempotent requests retried on a fresh connection with
/// exponential backoff. Every failure is a <see cref="ChainUnavailableException"/>.
/// </summary>
internal sealed partial class SubstrateRpcClient : IAsyncDisposable
{
    private readonly SubtensorOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Uri _endpoint;
    private readonly Uri? _httpEndpoint;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private WebSocketConnection? _connection;
    private long _nextId;

    public SubstrateRpcClient(SubtensorOptions options, TimeProvider time, ILogger<SubstrateRpcClient> logger)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _endpoint = ParseEndpoint(options.Endpoint, ["ws", "wss", "http", "https"], nameof(options.Endpoint));
        _httpEndpoint = _endpoint.Scheme is "http" or "https" ? _endpoint
            : options.HttpEndpoint is { Length: > 0 } http ? ParseEndpoint(http, ["http", "https"], nameof(options.HttpEndpoint)) : null;
    }

    /// <summary>Calls <paramref name="method"/> and returns its result.</summary>
    /// <param name="method">The RPC method.</param>
    /// <param name="parameters">Its positional parameters.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="idempotent">Whether a failed attempt may be repeated (never for a submission).</param>
    public async Task<JsonElement> CallAsync(string method, IReadOnlyList<object?> parameters, CancellationToken cancellationToken, bool idempotent = true)
    {
        int attempts = idempotent ? _options.MaxRetries + 1 : 1;
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                using JsonDocument answer = await AttemptAsync(method, parameters, cancellationToken).ConfigureAwait(false);
                return JsonRpcResponse.Result(answer.RootElement, method);
            }
            catch (TransportException ex) when (attempt < attempts)
            {
                TimeSpan delay = TimeSpan.FromMilliseconds(_options.RetryBaseDelayMilliseconds * Math.Pow(2, attempt - 1));
                LogRetry(_logger, method, attempt, attempts, delay.TotalMilliseconds, ex.Message);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (TransportException ex)
            {
                throw new ChainUnavailableException(ex.Message, ex);
            }
        }
    }

    /// <summary>
    /// Sends a subscribing request once (never retried: it may be a submission) and returns its notifications, or null
    /// when only HTTP is available (no subscriptions there).
    /// </summary>
    /// <param name="method">The subscribing method, e.g. <c>author_submitAndWatchExtrinsic</c>.</param>
    /// <param name="parameters">Its positional parameters.</param>
    /// <param name="unsubscribeMethod">The method that ends it, e.g. <c>author_unwatchExtrinsic</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<RpcSubscription?> SubscribeAsync(string method, IReadOnlyList<object?> parameters, string unsubscribeMethod, CancellationToken cancellationToken)
    {
        try
        {
            return await ExchangeAsync(method, parameters, async (connection, id, request, token) =>
            {
                if (connection is null)
                {
                    return null;
                }

                (string subscription, var notifications) = await connection.SubscribeAsync(id, method, request, token).ConfigureAwait(false);
                return new RpcSubscription(this, connection, subscription, unsubscribeMethod, notifications);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException ex)
        {
            throw new ChainUnavailableException(ex.Message, ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
        _connectLock.Dispose();
    }

    private Task<JsonDocument> AttemptAsync(string method, IReadOnlyList<object?> parameters, CancellationToken cancellationToken)
        => ExchangeAsync(method, parameters, async (connection, id, request, token) =>
        {
            JsonDocument answer = connection is null
                ? await PostAsync(request, token).ConfigureAwait(false)
                : await connection.SendAsync(id, request, token).ConfigureAwait(false);
            if (JsonRpcResponse.Id(answer.RootElement) != id)
            {
                answer.Dispose();
                throw new TransportException($"The Subtensor node answered {method} with a mismatched id.");
            }

            if (!answer.RootElement.TryGetProperty("result", out _) && !answer.RootElement.TryGetProperty("error", out _))
            {
                answer.Dispose();
                throw new TransportException($"The node's answer to {method} has neither a result nor an error.");
            }

            return answer;
        }, cancellationToken);

    /// <summary>
    /// One request under the per-request timeout: a fresh id, the connection (null for HTTP), and
    /// <paramref name="exchange"/>; a timeout or a failed connection is a <see cref="TransportException"/>.
    /// </summary>
    private async Task<T> ExchangeAsync<T>(string method, IReadOnlyList<object?> parameters, Func<WebSocketConnection?, long, byte[], CancellationToken, Task<T>> exchange, CancellationToken cancellationToken)
    {
        long id = Interlocked.Increment(ref _nextId);
        byte[] request = WebSocketConnection.Encode(id, method, parameters);
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(_options.RequestTimeoutSeconds), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken);
        WebSocketConnection? connection = null;
        try
        {
            connection = await ConnectAsync(linked.Token).ConfigureAwait(false);
            return await exchange(connection, id, request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            connection?.Forget(id);
            throw new TransportException($"The Subtensor node did not answer {method} within {_options.RequestTimeoutSeconds} s.");
        }
        catch (ChainUnavailableException ex)
        {
            throw new TransportException(ex.Message, ex);
        }
    }

    /// <summary>The live WebSocket (opened if needed), or null to use HTTP instead.</summary>
    private async Task<WebSocketConnection?> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_endpoint.Scheme is "http" or "https")
        {
            return null;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { IsAlive: true })
            {
                return _connection;
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }

            try
            {
                _connection = await WebSocketConnection.OpenAsync(_endpoint, _options.MaxMessageBytes, TimeSpan.FromSeconds(_options.ConnectTimeoutSeconds), _time, cancellationToken).ConfigureAwait(false);
                return _connection;
            }
            catch (ChainUnavailableException ex) when (_httpEndpoint is not null)
            {
                LogHttpFallback(_logger, ex.Message);
                return null;
            }
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private async Task<JsonDocument> PostAsync(byte[] request, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(request);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsync(_httpEndpoint, content, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new ChainUnavailableException($"Could not reach the Subtensor node over HTTP at {_httpEndpoint!.GetLeftPart(UriPartial.Authority)}.", ex);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw new ChainUnavailableException($"The Subtensor node's HTTP endpoint answered {(int)response.StatusCode}.");
            }

            if (response.Content.Headers.ContentLength > _options.MaxMessageBytes)
            {
                throw new ChainUnavailableException($"The Subtensor node sent a message over the limit of {_options.MaxMessageBytes} bytes.");
            }

            await using Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            byte[] chunk = new byte[81920];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > _options.MaxMessageBytes)
                {
                    throw new ChainUnavailableException($"The Subtensor node sent a message over the limit of {_options.MaxMessageBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return JsonRpcResponse.Parse(buffer.ToArray());
        }
    }

    private static Uri ParseEndpoint(string text, string[] schemes, string name)
        => Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && schemes.Contains(uri.Scheme, StringComparer.Ordinal)
            ? uri
            : throw new ArgumentException($"Subtensor:{name} '{text}' is not a {string.Join("/", schemes)} URL.", name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subtensor {Method} failed (attempt {Attempt} of {Attempts}); retrying in {DelayMs} ms: {Reason}")]
    private static partial void LogRetry(ILogger logger, string method, int attempt, int attempts, double delayMs, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Subtensor WebSocket unavailable, using the HTTP endpoint: {Reason}")]
    private static partial void LogHttpFallback(ILogger logger, string reason);

    /// <summary>A failure of the transport (not an answer from the node), which a retry may cure.</summary>
    private sealed class TransportException(string message, Exception? inner = null) : Exception(message, inner);
}
