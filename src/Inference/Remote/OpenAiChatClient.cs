using System.Net.Http.Headers;

namespace Tournament.Inference.Remote;

/// <summary>Where and how to reach an OpenAI-compatible server.</summary>
/// <param name="BaseUrl">The server root, e.g. <c>http://127.0.0.1:8000</c> (<c>/v1/chat/completions</c> is appended).</param>
public sealed record OpenAiChatClientOptions(Uri BaseUrl)
{
    /// <summary>Sent as a bearer token when set; never logged, and removed from every error message.</summary>
    public string? ApiKey { get; init; }

    /// <summary>The whole call (connect, generate, read) must finish within this.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest response body read.</summary>
    public long MaxResponseBytes { get; init; } = 16L << 20;
}

/// <summary>
/// A chat client for remote models over <c>POST /v1/chat/completions</c> (the vLLM way: <c>seed</c>, <c>temperature</c>,
/// <c>top_p</c>, <c>max_tokens</c>, <c>stop</c>, <c>n = 1</c>, optional <c>logprobs</c>), non-streamed, one attempt per
/// call (the caller decides about retries from <see cref="RemoteChatException.Transient"/>). Bodies are bounded and
/// every failure is one <see cref="RemoteChatException"/> sentence.
/// </summary>
/// <param name="http">The HTTP client (its own timeout should be infinite; <see cref="OpenAiChatClientOptions.Timeout"/> applies).</param>
/// <param name="options">The server.</param>
/// <param name="time">The clock for the timeout.</param>
public sealed class OpenAiChatClient(HttpClient http, OpenAiChatClientOptions options, TimeProvider time)
{
    private const int ErrorBodyLimit = 64 * 1024;
    private readonly Uri endpoint = new(new Uri(options.BaseUrl.ToString().TrimEnd('/') + "/"), "v1/chat/completions");

    /// <summary>Asks for one completion.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call (an <see cref="OperationCanceledException"/>, not a failure).</param>
    /// <exception cref="RemoteChatException">The server refused, failed, timed out or answered something unusable.</exception>
    public async Task<RemoteChatResult> CompleteAsync(RemoteChatRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        var authority = options.BaseUrl.GetLeftPart(UriPartial.Authority);
        var server = $"The server at {authority}";
        using var timeout = new CancellationTokenSource(options.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint);
            message.Content = new ChatCompletionsBody(request.Model, request.Messages)
            {
                Temperature = request.Temperature, TopP = request.TopP, MaxTokens = request.MaxTokens, Seed = request.Seed,
                Stop = request.Stop, N = 1, TopLogProbs = request.TopLogProbs,
            }.ToContent();
            if (options.ApiKey is { Length: > 0 } key)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            }

            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            await using var body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            using var reader = new BoundedLineReader(body, response.IsSuccessStatusCode ? options.MaxResponseBytes : ErrorBodyLimit);
            var text = await reader.ReadToEndAsync(linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new RemoteChatException(
                    Redact(OpenAiErrorText.Sentence($"{server} answered HTTP {status}: {OpenAiErrorText.Describe(text, mediaType)}")),
                    transient: status is 408 or 429 or >= 500,
                    status);
            }

            if (OpenAiErrorText.IsHtml(mediaType, text.TrimStart()))
            {
                throw new RemoteChatException($"{server} answered HTTP {status} with an HTML page instead of a chat completion.", transient: true, status);
            }

            return ChatCompletionsResponse.Parse(text, server);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RemoteChatException($"{server} did not answer within {options.Timeout.TotalSeconds:0.###} s.", transient: true);
        }
        catch (ResponseTooLargeException ex)
        {
            throw new RemoteChatException($"{server} sent more than {ex.Limit} bytes; the answer was abandoned.", transient: true);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new RemoteChatException(Redact(OpenAiErrorText.Sentence($"The connection to {authority} failed: {OpenAiErrorText.Shorten(ex.Message)}")), transient: true);
        }
        catch (RemoteChatException ex)
        {
            throw new RemoteChatException(Redact(ex.Message), ex.Transient, ex.StatusCode);
        }
    }

    private static void Validate(RemoteChatRequest r)
    {
        string? problem = null;
        if (string.IsNullOrWhiteSpace(r.Model) || r.Messages is not { Count: > 0 })
        {
            problem = "A remote chat request needs a model name and at least one message.";
        }
        else if (!double.IsFinite(r.Temperature) || r.Temperature is < 0 or > 100)
        {
            problem = "Temperature must be a finite number in [0, 100].";
        }
        else if (r.TopP is { } p && (!double.IsFinite(p) || p <= 0 || p > 1))
        {
            problem = "TopP must be in (0, 1].";
        }
        else if (r.MaxTokens < 1 || r.TopLogProbs is < 0 or > 20 || r.Stop is { Count: > 16 })
        {
            problem = "MaxTokens must be at least 1, TopLogProbs in [0, 20] and at most 16 stop strings given.";
        }

        if (problem is not null)
        {
            throw new ArgumentException(problem, nameof(r));
        }
    }

    private string Redact(string text) =>
        options.ApiKey is { Length: > 0 } key ? text.Replace(key, "[redacted]", StringComparison.Ordinal) : text;
}
