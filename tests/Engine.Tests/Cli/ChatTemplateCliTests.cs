using System.Text;
using System.Text.Json.Nodes;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Cli;

/// <summary><c>tournament chat-template render</c>, run as a real process on a generated model folder.</summary>
public sealed class ChatTemplateCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("chat-template-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Render_GeneratedModel_WritesExactlyTheTextAndIdsMatchTokenize()
    {
        string model = Path.Combine(_root, "model");
        var generate = await TournamentCli.RunAsync("models", "generate", "--out", model, "--seed", "3");
        Assert.True(generate.ExitCode == 0, generate.StandardError);
        string messages = Write("messages.json", """[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "héllo 👋"}]""");

        var text = await TournamentCli.RunAsync("chat-template", "render", "--model", model, "--messages", messages, "--add-generation-prompt");
        var ids = await TournamentCli.RunAsync("chat-template", "render", "--model", model, "--messages", messages, "--add-generation-prompt", "--ids");

        const string expected = "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nhéllo 👋<|im_end|>\n<|im_start|>assistant\n";
        Assert.True(text.ExitCode == 0, text.StandardError);
        Assert.Equal(expected, text.StandardOutput);
        Assert.True(ids.ExitCode == 0, ids.StandardError);
        var tokenize = await TournamentCli.RunAsync("tokenize", "--tokenizer", model, "--text", expected, "--json");
        Assert.Equal(JsonNode.Parse(tokenize.StandardOutput)!["ids"]!.ToJsonString(), JsonNode.Parse(ids.StandardOutput)!.ToJsonString());
    }

    [Fact]
    public async Task Render_JinjaFileWithToolsExtra_NoTrailingNewline()
    {
        string model = Directory.CreateDirectory(Path.Combine(_root, "jinja")).FullName;
        File.WriteAllText(Path.Combine(model, "chat_template.jinja"), "{%- for m in messages %}{{ m.role }}: {{ m.content }}{% if m.tool_calls %} -> {{ m.tool_calls[0].function | tojson }}{% endif %}\n{% endfor -%}\n{{- tools | length }}", new UTF8Encoding(false));
        string messages = Write("tools.json", """[{"role": "user", "content": "go"}, {"role": "assistant", "content": "", "tool_calls": [{"function": {"name": "f", "arguments": {"x": 1}}}]}]""");
        string extra = Write("extra.json", """{"tools": [{"type": "function"}, {"type": "function"}]}""");

        var result = await TournamentCli.RunAsync("chat-template", "render", "--model", model, "--messages", messages, "--extra", extra);

        Assert.True(result.ExitCode == 0, result.StandardError);
        // trim_blocks (on, as Hugging Face sets it) drops the newline after each "%}".
        Assert.Equal("user: goassistant:  -> {\"name\": \"f\", \"arguments\": {\"x\": 1}}2", result.StandardOutput);
    }

    [Theory]
    [InlineData("[{\"role\": \"user\", \"content\": 3}]", "content must be a string or null")]
    [InlineData("not json", "is not valid JSON")]
    public async Task Render_BadMessages_Exit2WithOneSentence(string json, string fragment)
    {
        string model = Directory.CreateDirectory(Path.Combine(_root, "m")).FullName;
        File.WriteAllText(Path.Combine(model, "chat_template.jinja"), "{{ messages }}");

        var result = await TournamentCli.RunAsync("chat-template", "render", "--model", model, "--messages", Write("bad.json", json));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(fragment, result.StandardError, StringComparison.Ordinal);
        Assert.Single(result.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.StandardOutput);
    }

    [Fact]
    public async Task Render_BrokenTemplate_Exit2NamingLineAndColumn()
    {
        string model = Directory.CreateDirectory(Path.Combine(_root, "broken")).FullName;
        File.WriteAllText(Path.Combine(model, "chat_template.jinja"), "ok\n{% for m in messages %}\n{{ m.content }}");

        var result = await TournamentCli.RunAsync("chat-template", "render", "--model", model, "--messages", Write("m.json", "[]"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("Chat template error at line 2, column 1: the '{% for %}' block opened at line 2, column 1 is never closed with '{% endfor %}'.", result.StandardError.Trim());
    }

    [Fact]
    public async Task Render_MissingModelFolder_Exit2()
    {
        var result = await TournamentCli.RunAsync("chat-template", "render", "--model", Path.Combine(_root, "nope"), "--messages", Write("m.json", "[]"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.StandardError, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_root, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }
}
