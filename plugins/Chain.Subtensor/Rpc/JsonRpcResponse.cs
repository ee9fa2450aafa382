using System.Text.Json;

namespace Tournament.Plugins.Chain.Subtensor.Rpc;

/// <summary>Validates one JSON-RPC 2.0 message from the node; anything unexpected is a <see cref="ChainUnavailableException"/>.</summary>
internal static class JsonRpcResponse
{
    private const int MaxDepth = 64;

    public static JsonDocument Parse(ReadOnlyMemory<byte> message)
    {
        if (!System.Text.Unicode.Utf8.IsValid(message.Span))
        {
            throw new ChainUnavailableException("The node sent a JSON-RPC message that is not valid UTF-8.");
        }

        try
        {
            var doc = JsonDocument.Parse(message, new JsonDocumentOptions { MaxDepth = MaxDepth });
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw new ChainUnavailableException("The node sent a JSON-RPC message that is not an object.");
            }

            return doc;
        }
        catch (JsonException ex)
        {
            throw new ChainUnavailableException("The node sent a malformed or truncated JSON-RPC message.", ex);
        }
    }

    /// <summary>The id of a response, or null for a notification.</summary>
    public static long? Id(JsonElement message)
        => message.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out long v) ? v : null;

    /// <summary>The result of a response to <paramref name="method"/>, cloned out of the document.</summary>
    public static JsonElement Result(JsonElement message, string method)
    {
        if (message.TryGetProperty("error", out JsonElement error))
        {
            string code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out JsonElement c) ? c.ToString() : "?";
            string text = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out JsonElement m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "no message";
            throw new ChainUnavailableException($"The node answered {method} with error {code}: {Printable(text)}.");
        }

        return message.TryGetProperty("result", out JsonElement result)
            ? result.Clone()
            : throw new ChainUnavailableException($"The node's answer to {method} has neither a result nor an error.");
    }

    /// <summary>Node text as it may appear in a log line: bounded, control characters removed.</summary>
    public static string Printable(string text)
    {
        string clean = new([.. text.Take(200).Select(ch => char.IsControl(ch) ? ' ' : ch)]);
        return text.Length > 200 ? clean + "…" : clean;
    }
}
