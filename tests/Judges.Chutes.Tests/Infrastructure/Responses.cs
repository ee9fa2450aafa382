using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tournament.Judges.Chutes.Tests.Infrastructure;

/// <summary>Protocol-shaped responses for the loopback server.</summary>
public static class Responses
{
    public static string ContentChunk(string content) =>
        JsonSerializer.Serialize(new { id = "c1", @object = "chat.completion.chunk", choices = new[] { new { index = 0, delta = new { content }, finish_reason = (string?)null } } });

    public static string ReasoningChunk(string reasoning, string field = "reasoning_content") =>
        $$$"""{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"{{{field}}}":{{{JsonSerializer.Serialize(reasoning)}}}},"finish_reason":null}]}""";

    public static string FinishChunk(string reason = "stop") =>
        $$"""{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"{{reason}}"}]}""";

    public static string UsageChunk(int prompt, int completion) =>
        $$$"""{"id":"c1","choices":[],"usage":{"prompt_tokens":{{{prompt}}},"completion_tokens":{{{completion}}},"total_tokens":{{{prompt + completion}}}}}""";

    public static string Completion(string content, string? reasoning = null, int prompt = 11, int completion = 7) =>
        JsonSerializer.Serialize(new
        {
            id = "c1",
            @object = "chat.completion",
            choices = new[] { new { index = 0, message = new { role = "assistant", content, reasoning_content = reasoning }, finish_reason = "stop" } },
            usage = new { prompt_tokens = prompt, completion_tokens = completion },
        });

    /// <summary>A complete, well-formed stream: content deltas, the finish chunk, usage and [DONE].</summary>
    public static Task StreamAsync(HttpContext context, params string[] contents) =>
        SseAsync(context, [.. contents.Select(ContentChunk), FinishChunk(), UsageChunk(11, 7), "[DONE]"]);

    public static async Task SseAsync(HttpContext context, IEnumerable<string> payloads, bool flushEach = true)
    {
        context.Response.ContentType = "text/event-stream";
        foreach (var payload in payloads)
        {
            await context.Response.WriteAsync($"data: {payload}\n\n", context.RequestAborted);
            if (flushEach)
            {
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
    }

    public static async Task JsonAsync(HttpContext context, int status, string body, string contentType = "application/json")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(body), context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, int status, string message) =>
        JsonAsync(context, status, JsonSerializer.Serialize(new { error = new { message, type = "error", code = status } }));
}
