using System.Text.Json.Nodes;
using Tournament.Inference.ChatTemplates;

namespace Tournament.Inference.Tests.ChatTemplates;

public sealed class ChatTemplateLoadTests : IDisposable
{
    private const string Echo = "{{ bos_token }}{% for m in messages %}[{{ m.role }}:{{ m.content }}]{% endfor %}{% if add_generation_prompt %}>{% endif %}{{ eos_token }}";
    private static readonly ChatMessage[] Hi = [new("user", "hi")];
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Load_ChatTemplateJinja_WinsOverTokenizerConfigAndKeepsItsSpecialTokens()
    {
        WriteConfig(new JsonObject { ["chat_template"] = "from config", ["bos_token"] = new JsonObject { ["content"] = "<s>", ["lstrip"] = false }, ["eos_token"] = "</s>" });
        File.WriteAllText(_folder.Combine("chat_template.jinja"), Echo + "\n");
        ChatTemplate template = ChatTemplate.Load(_folder.Path);
        Assert.Equal("<s>", template.BosToken);
        Assert.Equal("<s>[user:hi]></s>", template.Render(Hi, addGenerationPrompt: true));
        Assert.Equal("<s>[user:hi]</s>", template.Render(Hi, addGenerationPrompt: false));
    }

    [Fact]
    public void Load_TokenizerConfigString_RendersIt()
    {
        WriteConfig(new JsonObject { ["chat_template"] = Echo, ["eos_token"] = "<|im_end|>" });
        Assert.Equal("[user:hi]<|im_end|>", ChatTemplate.Load(_folder.Path).Render(Hi, addGenerationPrompt: false));
    }

    [Fact]
    public void Load_NamedTemplateList_PicksDefaultOrTheNamedOne()
    {
        WriteConfig(new JsonObject
        {
            ["chat_template"] = new JsonArray(
                new JsonObject { ["name"] = "default", ["template"] = "D{{ messages|length }}" },
                new JsonObject { ["name"] = "tool_use", ["template"] = "T{{ tools|length }}" }),
        });
        Assert.Equal("D1", ChatTemplate.Load(_folder.Path).Render(Hi, false));
        Assert.Equal("T2", ChatTemplate.Load(_folder.Path, name: "tool_use").Render(Hi, false, new Dictionary<string, JsonNode?> { ["tools"] = new JsonArray(1, 2) }));
        ChatTemplateException ex = Assert.Throws<ChatTemplateException>(() => ChatTemplate.Load(_folder.Path, name: "rag"));
        Assert.Equal("tokenizer_config.json has no chat template named 'rag'; it has default, tool_use.", ex.Message);
    }

    [Fact]
    public void Load_NoTemplateOrNoFolder_OneSentence()
    {
        WriteConfig(new JsonObject { ["eos_token"] = "</s>" });
        Assert.Contains("has no chat template", Assert.Throws<ChatTemplateException>(() => ChatTemplate.Load(_folder.Path)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<ChatTemplateException>(() => ChatTemplate.Load(_folder.Combine("missing"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OversizedJinjaFile_Refused()
    {
        File.WriteAllText(_folder.Combine("chat_template.jinja"), new string('x', 4_100_000));
        Assert.Contains("over the limit", Assert.Throws<ChatTemplateException>(() => ChatTemplate.Load(_folder.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Extra_ReachesTemplateAndCannotReplaceBuiltIns()
    {
        ChatTemplate template = ChatTemplate.FromText("{{ enable_thinking }}|{{ messages[0].content }}");
        Assert.Equal("false|hi", template.Render(Hi, false, new Dictionary<string, JsonNode?> { ["enable_thinking"] = false }));
        Assert.Contains("would replace", Assert.Throws<ChatTemplateException>(() => template.Render(Hi, false, new Dictionary<string, JsonNode?> { ["messages"] = null })).Message, StringComparison.Ordinal);
        Assert.Contains("already defined", Assert.Throws<ChatTemplateException>(() => template.Render(Hi, false, new Dictionary<string, JsonNode?> { ["range"] = 1 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildContext_AbsentFieldsStayAbsent()
    {
        ChatTemplate template = ChatTemplate.FromText("{% for m in messages %}{{ 'tool_calls' in m }}{{ m.reasoning_content is defined }}{% endfor %}");
        ChatMessage call = new("assistant", null) { ToolCalls = [new ChatToolCall("f", JsonNode.Parse("{\"a\": 1}")) { Id = "1" }], ReasoningContent = "r" };
        Assert.Equal("falsefalsetruetrue", template.Render([new("user", "q"), call], false));
        Assert.Equal("""{"role":"assistant","content":null,"reasoning_content":"r","tool_calls":[{"id":"1","type":"function","function":{"name":"f","arguments":{"a":1}}}]}""", call.ToJson().ToJsonString());
    }

    [Fact]
    public void StrftimeNow_ReadsTheInjectedClock()
    {
        ChatTemplate template = ChatTemplate.FromText("{{ strftime_now('%d %b %Y %H:%M') }}", time: new FixedClock(new DateTimeOffset(2025, 7, 4, 9, 5, 0, TimeSpan.Zero)));
        Assert.Equal("04 Jul 2025 09:05", template.Render([], false));
    }

    private void WriteConfig(JsonObject config) => File.WriteAllText(_folder.Combine("tokenizer_config.json"), config.ToJsonString());
}
