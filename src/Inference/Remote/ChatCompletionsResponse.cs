using System.Text.Json;

namespace Tournament.Inference.Remote;

/// <summary>Reads a non-streamed <c>/v1/chat/completions</c> response (choice 0, usage, optional logprobs), checking every shape.</summary>
internal static class ChatCompletionsResponse
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 16 };

    /// <summary>The result, or an exception whose message is a sentence fragment after "the server ".</summary>
    public static RemoteChatResult Parse(string json, string server)
    {
        using var document = Parse(json, server, out var root);
        if (root.TryGetProperty("error", out var error) && error.ValueKind != JsonValueKind.Null)
        {
            var code = OpenAiErrorText.CodeOf(error);
            throw new RemoteChatException(
                OpenAiErrorText.Sentence($"{server} returned an error inside a successful response: {OpenAiErrorText.ErrorObjectMessage(error)}"),
                transient: code is null or 429 or 408 or >= 500,
                code);
        }

        if (!root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array || choices.GetArrayLength() == 0)
        {
            throw Malformed(server, "no choices");
        }

        var choice = choices[0];
        if (choice.ValueKind != JsonValueKind.Object || !choice.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            throw Malformed(server, "a choice without a message");
        }

        var text = message.TryGetProperty("content", out var content) ? content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Null => string.Empty,
            _ => throw Malformed(server, "a message content that is not a string"),
        } : string.Empty;
        var finish = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        int prompt = 0, completion = 0;
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            (prompt, completion) = (Count(usage, "prompt_tokens"), Count(usage, "completion_tokens"));
        }

        return new RemoteChatResult(text, finish, prompt, completion, LogProbs(choice, server));
    }

    private static JsonDocument Parse(string json, string server, out JsonElement root)
    {
        try
        {
            var document = JsonDocument.Parse(json, Options);
            root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                document.Dispose();
                throw Malformed(server, "JSON that is not an object");
            }

            return document;
        }
        catch (JsonException)
        {
            throw new RemoteChatException($"{server} sent invalid or truncated JSON.", transient: true);
        }
    }

    private static List<RemoteTokenLogProb> LogProbs(JsonElement choice, string server)
    {
        if (!choice.TryGetProperty("logprobs", out var logprobs) || logprobs.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (logprobs.ValueKind != JsonValueKind.Object || !logprobs.TryGetProperty("content", out var tokens) || tokens.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(server, "logprobs without a content array");
        }

        return [.. tokens.EnumerateArray().Select(t => new RemoteTokenLogProb(
            Token(t, server), LogProb(t, server),
            t.TryGetProperty("top_logprobs", out var top) && top.ValueKind == JsonValueKind.Array
                ? [.. top.EnumerateArray().Select(a => (Token(a, server), LogProb(a, server)))]
                : []))];
    }

    private static string Token(JsonElement e, string server) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : throw Malformed(server, "a logprob entry without a token");

    private static double LogProb(JsonElement e, string server) =>
        e.TryGetProperty("logprob", out var v) && v.ValueKind == JsonValueKind.Number && v.GetDouble() is var d && !double.IsNaN(d) && d <= 0
            ? d
            : throw Malformed(server, "a logprob that is not a number ≤ 0");

    private static int Count(JsonElement usage, string name) =>
        usage.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0 ? n : 0;

    private static RemoteChatException Malformed(string server, string what) =>
        new($"{server} sent a chat completion with {what}.", transient: true);
}
