using System.Text;
using System.Text.Json.Nodes;
using Tournament.Inference.ChatTemplates;

namespace Tournament.Inference.Tests.ChatTemplates;

/// <summary>Conversations for the reference matrix: hand-written ones covering system/user/assistant turns, empty and
/// unicode content, &lt;think&gt; blocks, reasoning_content, tool calls and tool results, plus seeded random ones.</summary>
internal static class Conversations
{
    private static readonly string[] Fragments =
    [
        "Hello", "What is 2+2?", "  leading and trailing  ", "line one\nline two\n\n", "", "你好，世界", "👍🏽 👨‍👩‍👧 🇫🇷", "naïve café — “quoted”",
        "עברית ومرحبا", "tab\there", "back\\slash \"quotes\" 'single'", "{{ not_a_tag }} {% if %}", "<|im_start|>user", "\u00a0nbsp\u00a0", "\ufeffbom",
        "\u0085nel\u0085", "line\u2028sep", "ßtraße", "<tool_response>x</tool_response>", "<think>\ninner\n</think>\n\nafter", "x</think>y", "\r\nCRLF\r\n",
    ];

    public static ChatToolCall Call(string name, string argumentsJson, bool asObject)
        => new(name, asObject ? JsonNode.Parse(argumentsJson) : JsonValue.Create(argumentsJson)) { Id = "call_" + name };

    public static IEnumerable<(string Name, ChatMessage[] Messages)> HandWritten()
    {
        ChatMessage system = new("system", "You are a helpful assistant.");
        yield return ("multi-turn", [system, new("user", "Hi there"), new("assistant", "Hello! How can I help?"), new("user", "Tell me 2+2")]);
        yield return ("user-only", [new("user", "Just one question")]);
        yield return ("no-messages", []);
        yield return ("system-only", [system]);
        yield return ("empty-contents", [new("system", ""), new("user", ""), new("assistant", ""), new("user", "")]);
        yield return ("unicode", [new("user", string.Join(" | ", Fragments)), new("assistant", "ok ✓ 中文 𠀀"), new("user", "🙂")]);
        yield return ("think-in-content", [new("user", "q1"), new("assistant", "<think>\nLet me think\n</think>\n\nIt is 4"), new("user", "q2"), new("assistant", "<think>\nagain\n</think>\n\nfinal")]);
        yield return ("reasoning-content", [new("user", "q"), new("assistant", "a") { ReasoningContent = "thinking hard\n" }, new("user", "q2"), new("assistant", "b") { ReasoningContent = "r2" }]);
        yield return ("assistant-last", [system, new("user", "Write a haiku"), new("assistant", "Autumn moonlight—")]);
        ChatMessage toolTurn = new("assistant", null) { ToolCalls = [Call("get_weather", "{\"city\": \"Paris\", \"unit\": \"c\"}", asObject: false)] };
        yield return ("tool-call", [system, new("user", "Weather in Paris?"), toolTurn, new("tool", "{\"temp\": 20}"), new("assistant", "It is 20°C.")]);
        yield return ("tool-call-empty-content", [system, new("user", "Weather in Paris?"), toolTurn with { Content = "" }, new("tool", "{\"temp\": 20}"), new("assistant", "It is 20°C.")]);
        ChatMessage twoCalls = new("assistant", "Checking both.")
        {
            ToolCalls = [Call("get_weather", "{\"city\": \"Paris\"}", asObject: true), Call("get_time", "{\"zone\": \"UTC\", \"b\": 1, \"a\": [1, 2.5, null, true]}", asObject: true)],
        };
        yield return ("tool-calls-objects", [new("user", "Weather and time?"), twoCalls, new("tool", "20C"), new("tool", "10:20"), new("user", "thanks")]);
        yield return ("tool-response-as-user", [new("user", "<tool_response>\nresult\n</tool_response>"), new("assistant", "<think>\nx\n</think>\n\ndone")]);
    }

    /// <summary>Random conversations (seeded): roles mostly alternate, sometimes not (templates that require it raise,
    /// on both sides), content drawn from <see cref="Fragments"/>.</summary>
    public static IEnumerable<(string Name, ChatMessage[] Messages)> Random(int count, int seed)
    {
        Random random = new(seed);
        for (int n = 0; n < count; n++)
        {
            List<ChatMessage> messages = [];
            if (random.Next(3) == 0)
            {
                messages.Add(new ChatMessage("system", Text(random)));
            }

            int turns = random.Next(1, 6);
            for (int t = 0; t < turns; t++)
            {
                string role = random.Next(12) == 0 ? "assistant" : t % 2 == 0 ? "user" : "assistant";
                ChatMessage m = new(role, Text(random));
                if (role == "assistant" && random.Next(4) == 0)
                {
                    m = m with { ReasoningContent = Text(random) };
                }

                messages.Add(m);
            }

            yield return ($"random-{seed}-{n}", [.. messages]);
        }
    }

    private static string Text(Random random)
    {
        StringBuilder sb = new();
        int parts = random.Next(0, 4);
        for (int i = 0; i < parts; i++)
        {
            sb.Append(Fragments[random.Next(Fragments.Length)]);
        }

        return sb.ToString();
    }

    public static JsonArray Tools() => (JsonArray)JsonNode.Parse("""
        [
          {"type": "function", "function": {"name": "get_weather", "description": "Get the weather — für Städte 🌦",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}, "2": {"type": "integer"}, "1": {}},
            "required": ["city"]}}},
          {"type": "function", "function": {"name": "get_time", "description": "", "parameters": {"type": "object", "properties": {}}}}
        ]
        """)!;
}
