using System.Text.Json.Nodes;

namespace Tournament.Inference.ChatTemplates;

/// <summary>One turn of a conversation as chat templates see it: <c>role</c>, <c>content</c> (null for an assistant
/// turn that only calls tools), optional <c>reasoning_content</c> (the thinking of reasoning models) and
/// <c>tool_calls</c>.</summary>
public sealed record ChatMessage(string Role, string? Content)
{
    public string? ReasoningContent { get; init; }

    public IReadOnlyList<ChatToolCall>? ToolCalls { get; init; }

    /// <summary>The message as the template receives it; keys that are absent stay absent (templates test
    /// <c>'tool_calls' in message</c> and <c>is defined</c>).</summary>
    public JsonObject ToJson()
    {
        JsonObject o = new() { ["role"] = Role, ["content"] = Content };
        if (ReasoningContent is not null)
        {
            o["reasoning_content"] = ReasoningContent;
        }

        if (ToolCalls is not null)
        {
            o["tool_calls"] = new JsonArray([.. ToolCalls.Select(t => (JsonNode)t.ToJson())]);
        }

        return o;
    }
}

/// <summary>A tool call in the OpenAI shape: <c>{"id", "type": "function", "function": {"name", "arguments"}}</c>;
/// <see cref="Arguments"/> is a JSON object or a JSON-encoded string, as the caller had it.</summary>
public sealed record ChatToolCall(string Name, JsonNode? Arguments)
{
    public string? Id { get; init; }

    public JsonObject ToJson()
    {
        JsonObject o = [];
        if (Id is not null)
        {
            o["id"] = Id;
        }

        o["type"] = "function";
        o["function"] = new JsonObject { ["name"] = Name, ["arguments"] = Arguments?.DeepClone() };
        return o;
    }
}
