using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Inference.Tokenizers;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.Tools.AlbedoDemoData;

namespace Tournament.AlbedoDuel.Tests.DemoData;

/// <summary>
/// <c>albedo-demo-data tokenizer</c> (<see cref="DemoTokenizer"/>) on a small fixed corpus of demo-style conversations,
/// with a generated model's byte-level tokenizer as the alphabet: deterministic output, the asked merge count, a vocab
/// of the alphabet plus the merged symbols, and a tokenizer.json the project's own loader reads and round-trips.
/// </summary>
public sealed class DemoTokenizerTests : IDisposable
{
    private const int MergeCount = 150;
    private const string Template = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}";

    private static readonly string[] Corpus =
    [
        "THOUGHT: I should look at the failing test first.\n\n```bash\ncat tests/test_parser.py\n```",
        "THOUGHT: The parser drops the last token; let me fix the loop bound.\n\n```bash\nsed -i 's/range(n - 1)/range(n)/' src/parser.py\n```",
        "THOUGHT: Now I run the tests again to check the fix.\n\n```bash\npython -m pytest tests/test_parser.py -q\n```",
        "THOUGHT: The tests pass; I submit the change.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT && git add -A && git diff --cached\n```",
        "<returncode>0</returncode>\n<output>\n4 passed in 0.12s\n</output>",
        "Fix the parser so that the last token of the line is kept (café, naïve, 日本語 inputs included).",
    ];

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Tokenizer_SameCorpusTwice_WritesTheSameBytes()
    {
        var first = Train("a");
        var second = Train("b");

        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "tokenizer.json")), File.ReadAllBytes(Path.Combine(second, "tokenizer.json")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(first, "tokenizer_config.json")), File.ReadAllBytes(Path.Combine(second, "tokenizer_config.json")));
    }

    [Fact]
    public void Tokenizer_WritesTheAskedMerges_TheAlphabetPlusMergedSymbols_AndTheTemplate()
    {
        var output = Train("out");
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "tokenizer.json")))!;
        var merges = root["model"]!["merges"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();
        var vocab = root["model"]!["vocab"]!.AsObject().ToDictionary(e => e.Key, e => e.Value!.GetValue<int>());
        var alphabet = JsonNode.Parse(File.ReadAllText(Path.Combine(Alphabet(), "tokenizer.json")))!["model"]!["vocab"]!.AsObject()
            .Where(e => e.Value!.GetValue<int>() < 256).OrderBy(e => e.Value!.GetValue<int>()).Select(e => e.Key).ToList();
        var merged = merges.Select(m => m.Replace(" ", string.Empty, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();

        Assert.Equal(MergeCount, merges.Count);
        Assert.All(merges, m => Assert.Equal(2, m.Split(' ').Length));
        Assert.Equal(256, alphabet.Count);
        Assert.Equal(alphabet, vocab.Where(e => e.Value < 256).OrderBy(e => e.Value).Select(e => e.Key));
        Assert.Equal(merged, vocab.Where(e => e.Value >= 256).OrderBy(e => e.Value).Select(e => e.Key));
        Assert.Equal(Enumerable.Range(0, vocab.Count), vocab.Values.Order());
        var added = root["added_tokens"]!.AsArray().Select(t => (t!["content"]!.GetValue<string>(), t["id"]!.GetValue<int>())).ToList();
        Assert.Equal(["<|endoftext|>", "<|im_start|>", "<|im_end|>"], added.Select(a => a.Item1));
        Assert.Equal(Enumerable.Range(vocab.Count, added.Count), added.Select(a => a.Item2));
        Assert.Equal(Template, JsonNode.Parse(File.ReadAllText(Path.Combine(output, "tokenizer_config.json")))!["chat_template"]!.GetValue<string>());
    }

    [Fact]
    public void Tokenizer_LoadsThroughTheProjectsLoader_AndRoundTripsCorpusAndUnseenText()
    {
        var tokenizer = HfTokenizer.Load(Train("out"));
        string[] unseen = ["THOUGHT: unseen words, Ünïcödé, Ελληνικά, 中文 and an emoji 🙂.\n\n```bash\nls -la /tmp\n```", "  leading spaces\ttabs\r\nand CRLF", ""];

        foreach (var text in Corpus.Concat(unseen))
        {
            var ids = tokenizer.Encode(text, recognizeSpecialTokens: false);
            Assert.Equal(text, tokenizer.Decode(ids));
        }

        // The merges are used: the corpus encodes to far fewer tokens than it has bytes, "THOUGHT" to one token.
        var (tokens, bytes) = (Corpus.Sum(t => tokenizer.Encode(t, recognizeSpecialTokens: false).Count), Corpus.Sum(t => System.Text.Encoding.UTF8.GetByteCount(t)));
        Assert.True(tokens * 2 < bytes, $"{tokens} tokens for {bytes} bytes");
        Assert.Single(tokenizer.Encode("THOUGHT", recognizeSpecialTokens: false));
        Assert.Equal([tokenizer.Encode("<|im_end|>").Single()], tokenizer.Encode("<|im_end|>"));
    }

    /// <summary>
    /// The written tokenizer.json encodes as tokenizers.js (@huggingface/tokenizers, tools/qwen3-tokenizer's pinned
    /// reference, <c>--tokenizer</c> pointing it at this folder) encodes it: the same ids and the same decoded text.
    /// </summary>
    [Fact]
    public void Tokenizer_EncodesLikeTheTokenizersJsReference()
    {
        var output = Train("out");
        var tokenizer = HfTokenizer.Load(output);
        string[] texts = [.. Corpus, "THOUGHT: unseen words, Ünïcödé, 中文 🙂\n\n```bash\nls -la /tmp\n```", "<|im_start|>user\nhi there<|im_end|>\n", "  spaces\tand\r\nCRLF  "];
        var tool = Path.Combine(ShippedCorpus.RepoRoot(), "tools", "qwen3-tokenizer");
        NpmTool.EnsureInstalled(tool, () => File.Exists(Path.Combine(tool, "node_modules", "@huggingface", "tokenizers", "package.json")));
        var (input, result) = (Path.Combine(_temp.Path, "in.json"), Path.Combine(_temp.Path, "out.json"));
        File.WriteAllText(input, JsonSerializer.Serialize(texts));

        NpmTool.Run("node", [Path.Combine(tool, "reference.mjs"), "--tokenizer", output, input, result], tool, TimeSpan.FromMinutes(5));

        var reference = JsonNode.Parse(File.ReadAllText(result))!.AsArray();
        Assert.Equal(texts.Length, reference.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            var ids = tokenizer.Encode(texts[i]);
            Assert.Equal(reference[i]!["ids"]!.AsArray().Select(id => id!.GetValue<int>()), ids);
            Assert.Equal(reference[i]!["decoded"]!.GetValue<string>(), tokenizer.Decode(ids));
        }
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65537")]
    [InlineData("many")]
    public void Tokenizer_BadMergeCount_Exits2(string merges)
    {
        Assert.Equal(2, DemoTokenizer.Run([Alphabet(), Path.Combine(_temp.Path, "t.jinja"), merges, Path.Combine(_temp.Path, "bad"), Conversations()]));
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, "bad")));
    }

    /// <summary>Runs the verb on <see cref="Corpus"/> into a fresh folder.</summary>
    private string Train(string name)
    {
        var template = Path.Combine(_temp.Path, "chat_template.jinja");
        File.WriteAllText(template, Template);
        var output = Path.Combine(_temp.Path, name);
        Assert.Equal(0, DemoTokenizer.Run([Alphabet(), template, MergeCount.ToString(System.Globalization.CultureInfo.InvariantCulture), output, Conversations()]));
        return output;
    }

    /// <summary>A generated model's folder: its byte-level tokenizer is the alphabet (as scripts/albedo-demo.sh does).</summary>
    private string Alphabet()
    {
        var folder = Path.Combine(_temp.Path, "bytes");
        if (!File.Exists(Path.Combine(folder, "tokenizer.json")))
        {
            TinyModelGenerator.Generate(new TinyModelSpec { Seed = 1, HiddenSize = 32, IntermediateSize = 64, Layers = 1 }, folder);
        }

        return folder;
    }

    /// <summary>The corpus as the demo's conversations.jsonl: one user/assistant pair per line.</summary>
    private string Conversations()
    {
        var path = Path.Combine(_temp.Path, "conversations.jsonl");
        File.WriteAllLines(path, Corpus.Select((text, i) => JsonSerializer.Serialize(new[]
        {
            new Dictionary<string, string> { ["role"] = "user", ["content"] = $"Step {i}: what next?" },
            new Dictionary<string, string> { ["role"] = "assistant", ["content"] = text },
        })));
        return path;
    }
}
