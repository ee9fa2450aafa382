using Tournament.Inference.ChatTemplates;

namespace Tournament.Inference.Tests.ChatTemplates;

public sealed class ChatMessagesFileTests
{
    [Fact]
    public void Parse_FullConversation_KeepsToolCallsAndReasoning()
    {
        IReadOnlyList<ChatMessage> messages = ChatMessagesFile.Parse("""
            [{"role": "user", "content": "Weather?"},
             {"role": "assistant", "content": null, "reasoning_content": "need a tool",
              "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris"}}},
                             {"function": {"name": "get_time", "arguments": "{\"zone\": \"UTC\"}"}}]},
             {"role": "tool", "content": "20C"}]
            """);
        Assert.Equal(3, messages.Count);
        ChatMessage call = messages[1];
        Assert.Null(call.Content);
        Assert.Equal("need a tool", call.ReasoningContent);
        Assert.Equal(["get_weather", "get_time"], call.ToolCalls!.Select(t => t.Name));
        Assert.Equal("{\"city\":\"Paris\"}", call.ToolCalls![0].Arguments!.ToJsonString());
        Assert.Equal("{\"zone\": \"UTC\"}", call.ToolCalls![1].Arguments!.GetValue<string>());
    }

    [Theory]
    [InlineData("[{\"role\": \"user\", \"content\": \"hi\"", "is not valid JSON")]
    [InlineData("{\"role\": \"user\"}", "must be a JSON array")]
    [InlineData("[\"hi\"]", "messages[0] must be an object")]
    [InlineData("[{\"content\": \"hi\"}]", "messages[0].role is missing")]
    [InlineData("[{\"role\": \"user\", \"content\": 5}]", "messages[0].content must be a string or null")]
    [InlineData("[{\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": {}}]", "tool_calls must be an array")]
    [InlineData("[{\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": [{\"function\": {}}]}]", "function.name is missing")]
    [InlineData("[{\"role\": \"assistant\", \"content\": \"\", \"tool_calls\": [{\"function\": {\"name\": \"f\", \"arguments\": 3}}]}]", "arguments must be an object or a JSON string")]
    public void Parse_Malformed_OneSentenceNamingTheField(string json, string fragment)
    {
        ChatTemplateException ex = Assert.Throws<ChatTemplateException>(() => ChatMessagesFile.Parse(json));
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Parse_NestedTooDeep_Refused()
    {
        string deep = "[{\"role\": \"user\", \"content\": \"x\", \"extra\": " + new string('[', 200) + new string(']', 200) + "}]";
        Assert.Contains("is not valid JSON", Assert.Throws<ChatTemplateException>(() => ChatMessagesFile.Parse(deep)).Message, StringComparison.Ordinal);
    }
}
