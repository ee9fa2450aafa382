using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tournament.Inference.ChatTemplates;

/// <summary>Reads a conversation from JSON: <c>[{"role": ..., "content": ..., "tool_calls": [...],
/// "reasoning_content": ...}]</c>, strictly, with one-sentence errors naming the message and field.</summary>
public static class ChatMessagesFile
{
    /// <summary>Largest conversation file accepted.</summary>
    public const long MaxBytes = 64L * 1024 * 1024;

    public static IReadOnlyList<ChatMessage> Load(string path)
    {
        FileInfo info = new(path);
        if (!info.Exists)
        {
            throw new ChatTemplateException($"The messages file '{path}' does not exist.");
        }

        if (info.Length > MaxBytes)
        {
            throw new ChatTemplateException($"The messages file '{path}' is {info.Length:N0} bytes, over the {MaxBytes:N0}-byte limit.");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<ChatMessage> Parse(string json, string name = "messages")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new ChatTemplateException($"{name} is not valid JSON (line {(ex.LineNumber ?? 0) + 1}); expected [{{\"role\": ..., \"content\": ...}}, ...].", ex);
        }

        if (root is not JsonArray array)
        {
            throw new ChatTemplateException($"{name} must be a JSON array of messages like [{{\"role\": \"user\", \"content\": \"Hi\"}}].");
        }

        List<ChatMessage> messages = [];
        for (int i = 0; i < array.Count; i++)
        {
            string where = $"{name}[{i}]";
            if (array[i] is not JsonObject m)
            {
                throw new ChatTemplateException($"{where} must be an object with \"role\" and \"content\".");
            }

            string role = m["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? r.GetValue<string>()
                : throw new ChatTemplateException($"{where}.role is missing or not a string; every message needs a role such as \"user\".");
            messages.Add(new ChatMessage(role, Text(m["content"], $"{where}.content"))
            {
                ReasoningContent = Text(m["reasoning_content"], $"{where}.reasoning_content"),
                ToolCalls = m["tool_calls"] is null ? null : ToolCalls(m["tool_calls"]!, $"{where}.tool_calls"),
            });
        }

        return messages;
    }

    private static string? Text(JsonNode? node, string where) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new ChatTemplateException($"{where} must be a string or null."),
    };

    private static List<ChatToolCall> ToolCalls(JsonNode node, string where)
    {
        if (node is not JsonArray calls)
        {
            throw new ChatTemplateException($"{where} must be an array of tool calls.");
        }

        List<ChatToolCall> result = [];
        for (int i = 0; i < calls.Count; i++)
        {
            string at = $"{where}[{i}]";
            JsonObject call = calls[i] as JsonObject ?? throw new ChatTemplateException($"{at} must be an object.");
            JsonObject function = call["function"] as JsonObject ?? call;
            string fn = Text(function["name"], $"{at}.function.name") ?? throw new ChatTemplateException($"{at}.function.name is missing.");
            JsonNode? arguments = function["arguments"];
            if (arguments is not null and not JsonObject && arguments.GetValueKind() != JsonValueKind.String)
            {
                throw new ChatTemplateException($"{at}.function.arguments must be an object or a JSON string.");
            }

            result.Add(new ChatToolCall(fn, arguments?.DeepClone()) { Id = Text(call["id"], $"{at}.id") });
        }

        return result;
    }
}
