using System.Text.Json.Nodes;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Tests.Tokenizers;

[Collection(Qwen3TokenizerGroup.Name)]
public sealed class TokenizerComparisonTests(Qwen3TokenizerFixture qwen) : IDisposable
{
    private static readonly string[] Probe = ["Hello world", "<|im_start|>user\nhi<|im_end|>", "你好 👍🏽 12345"];
    private readonly string _dir = Directory.CreateTempSubdirectory("tok-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Compare_SameQwen3File_Matches()
    {
        string copy = Path.Combine(_dir, "tokenizer.json");
        File.Copy(Path.Combine(qwen.Folder, "tokenizer.json"), copy);
        TokenizerComparisonResult result = TokenizerComparison.Compare(qwen.Folder, copy, Probe);
        Assert.True(result.IsMatch, result.Difference);
    }

    [Fact]
    public void TokenizerMatch_SwappedMergeOrder_IsMismatch()
    {
        JsonObject json = JsonNode.Parse(File.ReadAllText(Path.Combine(qwen.Folder, "tokenizer.json")))!.AsObject();
        JsonArray merges = json["model"]!["merges"]!.AsArray();
        JsonNode first = merges[0]!.DeepClone(), second = merges[1]!.DeepClone();
        merges[0] = second;
        merges[1] = first;
        TokenizerComparisonResult result = TokenizerComparison.Compare(qwen.Folder, TinyTokenizerJson.Write(json, _dir), Probe);
        Assert.False(result.IsMatch);
        Assert.StartsWith("Merge 0 differs", result.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenizerMatch_AddedTokenFlippedToNonSpecial_IsMismatch()
    {
        JsonObject json = JsonNode.Parse(File.ReadAllText(Path.Combine(qwen.Folder, "tokenizer.json")))!.AsObject();
        json["added_tokens"]![1]!["special"] = false;
        TokenizerComparisonResult result = TokenizerComparison.Compare(qwen.Folder, TinyTokenizerJson.Write(json, _dir), Probe);
        Assert.StartsWith("Added token 1 differs", result.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenizerMatch_SameTablesDifferentPreTokenizer_CaughtByEncodings()
    {
        JsonObject json = JsonNode.Parse(File.ReadAllText(Path.Combine(qwen.Folder, "tokenizer.json")))!.AsObject();
        json["normalizer"] = new JsonObject { ["type"] = "NFKC" };
        TokenizerComparisonResult result = TokenizerComparison.Compare(qwen.Tokenizer, HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir)), ["ﬁne ＡＢＣ"]);
        Assert.StartsWith("Test string 0", result.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenizerMatch_CandidateUnreadable_FailsClosed()
    {
        string broken = Path.Combine(_dir, "tokenizer.json");
        File.WriteAllText(broken, "{ \"model\": ");
        TokenizerComparisonResult result = TokenizerComparison.Compare(qwen.Folder, broken, Probe);
        Assert.False(result.IsMatch);
        Assert.StartsWith("The candidate tokenizer could not be loaded", result.Difference, StringComparison.Ordinal);
    }

    [Fact]
    public void TokenizerMatch_CandidateMissing_FailsClosed()
        => Assert.False(TokenizerComparison.Compare(qwen.Folder, Path.Combine(_dir, "nope"), Probe).IsMatch);
}
