using System.Net.Http.Headers;
using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Inference.Remote;
using Tournament.Plugins.Judges.Chutes.Protocol;

namespace Tournament.Plugins.Judges.Chutes.Client;

/// <summary>One HTTP attempt: sends the request, reads the answer (streamed or not) and classifies the outcome.</summary>
internal sealed class ChatCompletionCall(HttpClient http, ProviderEndpoint endpoint, CallSettings settings, TimeProvider time)
{
    private const int ErrorBodyLimit = 64 * 1024;
    private static readonly MediaTypeWithQualityHeaderValue EventStream = new("text/event-stream");

    public async Task<AttemptResult> SendAsync(string model, JudgeRequest request, CancellationToken cancellationToken) =>
        Redacted(await SendCoreAsync(model, request, cancellationToken).ConfigureAwait(false));

    private async Task<AttemptResult> SendCoreAsync(string model, JudgeRequest request, CancellationToken cancellationToken)
    {
        using var total = new CancellationTokenSource(settings.AttemptTimeout, time);
        using var first = new CancellationTokenSource(settings.Stream ? settings.FirstChunkTimeout : Timeout.InfiniteTimeSpan, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, total.Token, first.Token);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, endpoint.ChatCompletions);
            message.Content = RequestBody.Create(model, request, settings.Stream);
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", endpoint.Key.Reveal());
            if (settings.Stream)
            {
                message.Headers.Accept.Add(EventStream);
            }

            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            await using var body = await response.Content.ReadAsStreamAsync(linked.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                // The status line is the first chunk too: a 5xx must not wait for the first-chunk timeout to classify.
                first.CancelAfter(Timeout.InfiniteTimeSpan);
                return await FailureAsync(response, mediaType, body, linked.Token).ConfigureAwait(false);
            }

            using var reader = new BoundedLineReader(body, settings.MaxResponseBytes);
            var builder = new AnswerBuilder(endpoint.Name, settings.Text);
            if (settings.Stream && string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                return await new SseAnswerReader(reader, builder, endpoint.Name).ReadAsync(first, linked.Token).ConfigureAwait(false);
            }

            first.CancelAfter(Timeout.InfiniteTimeSpan);
            return Whole(await reader.ReadToEndAsync(linked.Token).ConfigureAwait(false), mediaType, builder);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return first.IsCancellationRequested && !total.IsCancellationRequested
                ? new AttemptResult.Transient($"{endpoint.Name} sent no first chunk within {Seconds(settings.FirstChunkTimeout)}.")
                : new AttemptResult.Transient($"{endpoint.Name} did not finish the answer within {Seconds(settings.AttemptTimeout)}.");
        }
        catch (HttpRequestException exception)
        {
            return new AttemptResult.Transient(OpenAiErrorText.Sentence($"Network error talking to {endpoint.Name}: {exception.Message}"));
        }
        catch (IOException exception)
        {
            return new AttemptResult.Transient(OpenAiErrorText.Sentence($"The connection to {endpoint.Name} broke: {exception.Message}"));
        }
        catch (ResponseTooLargeException exception)
        {
            return new AttemptResult.Transient($"{endpoint.Name} sent more than {exception.Limit} bytes (MaxResponseBytes); the answer was abandoned.");
        }
        catch (JsonException)
        {
            return new AttemptResult.Transient($"{endpoint.Name} sent invalid JSON.");
        }
    }

    private AttemptResult Whole(string text, string? mediaType, AnswerBuilder builder)
    {
        if (OpenAiErrorText.IsHtml(mediaType, text.TrimStart()))
        {
            return new AttemptResult.Transient($"{endpoint.Name} answered HTTP 200 with an HTML page instead of a completion.");
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return new AttemptResult.Transient($"{endpoint.Name} answered HTTP 200 with an empty body.");
        }

        return builder.Apply(text, "message") ?? builder.Complete();
    }

    private async Task<AttemptResult> FailureAsync(HttpResponseMessage response, string? mediaType, Stream body, CancellationToken token)
    {
        string text;
        try
        {
            using var reader = new BoundedLineReader(body, ErrorBodyLimit);
            text = await reader.ReadToEndAsync(token).ConfigureAwait(false);
        }
        catch (ResponseTooLargeException)
        {
            text = "an oversized error body";
        }

        var status = (int)response.StatusCode;
        var reason = OpenAiErrorText.Sentence($"{endpoint.Name} answered HTTP {status}: {OpenAiErrorText.Describe(text, mediaType)}");
        return status switch
        {
            429 => new AttemptResult.Throttled(RetryAfter.From(response.Headers, time.GetUtcNow()), reason),
            >= 500 or 408 => new AttemptResult.Transient(reason),
            _ => new AttemptResult.Fatal(reason),
        };
    }

    /// <summary>Whatever a provider sends back (error messages, echoed headers) never carries the key any further.</summary>
    private AttemptResult Redacted(AttemptResult result) => result switch
    {
        AttemptResult.Throttled throttled => throttled with { Reason = endpoint.Key.Redact(throttled.Reason) },
        AttemptResult.Transient transient => transient with { Reason = endpoint.Key.Redact(transient.Reason) },
        AttemptResult.Fatal fatal => fatal with { Reason = endpoint.Key.Redact(fatal.Reason) },
        _ => result,
    };

    private static string Seconds(TimeSpan value) => $"{value.TotalSeconds:0.###} s";
}
