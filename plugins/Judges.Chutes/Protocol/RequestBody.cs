using System.Net.Http.Headers;
using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Plugins.Judges.Chutes.Protocol;

/// <summary>Writes the <c>/v1/chat/completions</c> request body.</summary>
internal static class RequestBody
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public static ByteArrayContent Create(string model, JudgeRequest request, bool stream)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model", model);
            writer.WriteStartArray("messages");
            foreach (var message in request.Messages)
            {
                writer.WriteStartObject();
                writer.WriteString("role", message.Role);
                writer.WriteString("content", message.Content);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteNumber("temperature", request.Temperature);
            writer.WriteNumber("max_tokens", request.MaxTokens);
            writer.WriteBoolean("stream", stream);
            if (stream)
            {
                writer.WriteStartObject("stream_options");
                writer.WriteBoolean("include_usage", true);
                writer.WriteEndObject();
            }

            if (request.JsonResponse)
            {
                writer.WriteStartObject("response_format");
                writer.WriteString("type", "json_object");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = Json;
        return content;
    }
}
