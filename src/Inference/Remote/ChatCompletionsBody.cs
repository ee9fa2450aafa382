using System.Net.Http.Headers;
using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Inference.Remote;

/// <summary>
/// A <c>POST /v1/chat/completions</c> request body (OpenAI / vLLM). Optional fields are written only when set, after
/// the required ones, so a body without them is exactly the classic OpenAI one.
/// </summary>
/// <param name="Model">The served model name.</param>
/// <param name="Messages">The conversation.</param>
public sealed record ChatCompletionsBody(string Model, IReadOnlyList<ChatMessage> Messages)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    /// <summary>Sampling temperature.</summary>
    public double Temperature { get; init; }

    /// <summary>The most tokens to generate.</summary>
    public int MaxTokens { get; init; } = 1024;

    /// <summary>Ask for an SSE stream (with usage in the last chunk).</summary>
    public bool Stream { get; init; }

    /// <summary>Ask for <c>response_format: json_object</c>.</summary>
    public bool JsonResponse { get; init; }

    /// <summary>Nucleus sampling mass (written when set).</summary>
    public double? TopP { get; init; }

    /// <summary>Top-k sampling (a vLLM extension; written when set).</summary>
    public int? TopK { get; init; }

    /// <summary>The sampler seed (vLLM honours it per request; written when set).</summary>
    public long? Seed { get; init; }

    /// <summary>Stop strings (written when non-empty).</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>The number of choices (written when set).</summary>
    public int? N { get; init; }

    /// <summary>Ask for per-token log-probabilities with this many alternatives (written when set).</summary>
    public int? TopLogProbs { get; init; }

    /// <summary>The body as UTF-8 JSON content.</summary>
    public ByteArrayContent ToContent()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer);
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = Json;
        return content;
    }

    private void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("model", Model);
        writer.WriteStartArray("messages");
        foreach (var message in Messages)
        {
            writer.WriteStartObject();
            writer.WriteString("role", message.Role);
            writer.WriteString("content", message.Content);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteNumber("temperature", Temperature);
        writer.WriteNumber("max_tokens", MaxTokens);
        writer.WriteBoolean("stream", Stream);
        if (Stream)
        {
            writer.WriteStartObject("stream_options");
            writer.WriteBoolean("include_usage", true);
            writer.WriteEndObject();
        }

        if (JsonResponse)
        {
            writer.WriteStartObject("response_format");
            writer.WriteString("type", "json_object");
            writer.WriteEndObject();
        }

        Optional(writer, "top_p", TopP);
        Optional(writer, "top_k", TopK);
        if (Seed is { } seed)
        {
            writer.WriteNumber("seed", seed);
        }

        if (Stop is { Count: > 0 })
        {
            writer.WriteStartArray("stop");
            foreach (var s in Stop)
            {
                writer.WriteStringValue(s);
            }

            writer.WriteEndArray();
        }

        Optional(writer, "n", N);
        if (TopLogProbs is { } k)
        {
            writer.WriteBoolean("logprobs", true);
            writer.WriteNumber("top_logprobs", k);
        }

        writer.WriteEndObject();
    }

    private static void Optional(Utf8JsonWriter writer, string name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }
}
