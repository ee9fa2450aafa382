using System.Text.Json;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Tests.Tokenizers;

[Collection(Qwen3TokenizerGroup.Name)]
public sealed class TokenizeRunnerTests(Qwen3TokenizerFixture qwen)
{
    [Fact]
    public void Run_Json_WritesIdsTokensAndDecode()
    {
        StringWriter output = new(), error = new();
        Assert.Equal(0, TokenizeRunner.Run(qwen.Folder, "<|im_start|>Hello world", json: true, recognizeSpecialTokens: true, output, error));
        using JsonDocument doc = JsonDocument.Parse(output.ToString());
        Assert.Equal([151_644, 9707, 1879], doc.RootElement.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("Ġworld", doc.RootElement.GetProperty("tokens")[2].GetString());
        Assert.Equal("<|im_start|>Hello world", doc.RootElement.GetProperty("decoded").GetString());
    }

    [Fact]
    public void Run_NoSpecial_TreatsMarkupAsText()
    {
        StringWriter output = new(), error = new();
        Assert.Equal(0, TokenizeRunner.Run(qwen.Folder, "<|im_start|>", json: false, recognizeSpecialTokens: false, output, error));
        Assert.DoesNotContain("151644", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("round trip: exact", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_MissingTokenizer_ExitCode2WithOneSentence()
    {
        StringWriter output = new(), error = new();
        Assert.Equal(2, TokenizeRunner.Run("/nonexistent/tok", "x", json: false, recognizeSpecialTokens: true, output, error));
        Assert.Contains("does not exist", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }
}
