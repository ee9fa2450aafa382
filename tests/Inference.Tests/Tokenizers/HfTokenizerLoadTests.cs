using System.Text.Json.Nodes;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Tests.Tokenizers;

public sealed class HfTokenizerLoadTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tok-load-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_LegacyAndArrayMerges_EncodeIdentically()
    {
        HfTokenizer legacy = HfTokenizer.Load(TinyTokenizerJson.Write(TinyTokenizerJson.Build(arrayMerges: false), _dir, "a.json"));
        HfTokenizer array = HfTokenizer.Load(TinyTokenizerJson.Write(TinyTokenizerJson.Build(arrayMerges: true), _dir, "b.json"));
        Assert.Equal(legacy.Merges, array.Merges);
        Assert.Equal(legacy.Encode("hello world<|end|>"), array.Encode("hello world<|end|>"));
        Assert.Equal([legacy.TokenToId("hello")!.Value, legacy.TokenToId("Ġwor")!.Value, legacy.TokenToId("l")!.Value, legacy.TokenToId("d")!.Value, legacy.TokenToId("<|end|>")!.Value],
            legacy.Encode("hello world<|end|>"));
        Assert.Equal(265, legacy.VocabularySize);
    }

    [Fact]
    public void Load_Directory_FindsTokenizerJson()
    {
        TinyTokenizerJson.Write(TinyTokenizerJson.Build(), _dir);
        Assert.Equal(Path.Combine(_dir, "tokenizer.json"), HfTokenizer.Load(_dir).SourcePath);
    }

    [Fact]
    public void Load_MalformedJson_NamesFileAndLine()
    {
        string path = Path.Combine(_dir, "tokenizer.json");
        File.WriteAllText(path, "{\n  \"model\": { \"vocab\": [1, 2,, 3] }\n}");
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(path));
        Assert.Contains("tokenizer.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedFile_ReportsMalformedOrTruncated()
    {
        string full = TinyTokenizerJson.Build().ToJsonString();
        string path = Path.Combine(_dir, "tokenizer.json");
        File.WriteAllText(path, full[..(full.Length * 2 / 3)]);
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(path));
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileOverSizeLimit_RefusedBeforeReading()
    {
        string path = Path.Combine(_dir, "tokenizer.json");
        using (FileStream fs = File.Create(path))
        {
            fs.SetLength((64L * 1024 * 1024) + 1); // sparse: costs no disk
        }

        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(path));
        Assert.Contains("limit", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DeepNesting_RefusedWithDepthMessage()
    {
        string path = Path.Combine(_dir, "tokenizer.json");
        File.WriteAllText(path, "{\"model\":" + new string('[', 10_000) + new string(']', 10_000) + "}");
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(path));
        Assert.Contains("deeper than 64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MergeReferencingUnknownToken_NamesTheMerge()
    {
        JsonObject json = TinyTokenizerJson.Build();
        json["model"]!["merges"]!.AsArray().Add("zz qq");
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir)));
        Assert.Equal("model.merges[7]", ex.Field);
        Assert.Contains("\"zz\"", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Load_DuplicatedMergeLine_NamesBothPositions(bool arrayMerges)
    {
        JsonObject json = TinyTokenizerJson.Build(arrayMerges: arrayMerges);
        JsonArray merges = json["model"]!["merges"]!.AsArray();
        merges.Add(merges[1]!.DeepClone());
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir)));
        Assert.Equal($"model.merges[{merges.Count - 1}]", ex.Field);
        Assert.Contains("repeats the merge \"l l\" of model.merges[1]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DuplicateVocabularyIds_NamesBothTokens()
    {
        JsonObject json = TinyTokenizerJson.Build();
        json["model"]!["vocab"]!["extra"] = 0;
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir)));
        Assert.Contains("reuses id 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AddedTokenStealingVocabularyId_Refused()
    {
        JsonObject json = TinyTokenizerJson.Build();
        json["added_tokens"]![0]!["id"] = 5;
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir)));
        Assert.Equal("added_tokens[0].id", ex.Field);
    }

    [Fact]
    public void Load_CatastrophicPreTokenizerRegex_RefusedAtLoadWithTimeout()
    {
        JsonObject json = TinyTokenizerJson.Build();
        json["pre_tokenizer"]!["pretokenizers"]![0]!["pattern"] = new JsonObject { ["Regex"] = "(a+)+$" };
        HfTokenizerOptions options = new() { RegexTimeout = TimeSpan.FromMilliseconds(200) };
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir), options));
        Assert.Equal("pre_tokenizer.pretokenizers[0].pattern", ex.Field);
        Assert.Contains("catastrophically", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_InvalidRegex_NamesThePattern()
    {
        JsonObject json = TinyTokenizerJson.Build();
        json["pre_tokenizer"]!["pretokenizers"]![0]!["pattern"] = new JsonObject { ["Regex"] = "([a-" };
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir)));
        Assert.Equal("pre_tokenizer.pretokenizers[0].pattern", ex.Field);
    }

    [Theory]
    [InlineData("model.type", "WordPiece")]
    [InlineData("model.type", "Unigram")]
    [InlineData("normalizer.type", "BertNormalizer")]
    [InlineData("decoder.type", "Metaspace")]
    [InlineData("pre_tokenizer.type", "Whitespace")]
    public void Load_UnsupportedComponent_NotSupportedNamingField(string field, string type)
    {
        JsonObject json = TinyTokenizerJson.Build();
        string section = field.Split('.')[0];
        json[section] = new JsonObject { ["type"] = type, ["vocab"] = json[section]?["vocab"]?.DeepClone(), ["merges"] = json[section]?["merges"]?.DeepClone() };
        TokenizerNotSupportedException ex = Assert.Throws<TokenizerNotSupportedException>(() => HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir)));
        Assert.Equal(field, ex.Field);
        Assert.Contains(type, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingModel_NamesField()
    {
        JsonObject json = TinyTokenizerJson.Build();
        json.Remove("model");
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir)));
        Assert.Equal("model", ex.Field);
    }

    [Fact]
    public void Encode_SplitRemovedAndInvert_FollowHfSemantics()
    {
        JsonObject json = TinyTokenizerJson.Build();
        json["pre_tokenizer"]!["pretokenizers"]![0] = new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["String"] = "-" }, ["behavior"] = "Removed", ["invert"] = false };
        HfTokenizer removed = HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir, "r.json"));
        Assert.Equal("hellohello", removed.Decode(removed.Encode("hello-hello")));
        json["pre_tokenizer"]!["pretokenizers"]![0]!["invert"] = true;
        HfTokenizer inverted = HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir, "i.json"));
        Assert.Equal("--", inverted.Decode(inverted.Encode("hello-hello-")));
    }

    [Fact]
    public void Encode_TemplatePostProcessor_AddsBosOnlyWhenAsked()
    {
        JsonObject json = TinyTokenizerJson.Build();
        json["post_processor"] = new JsonObject
        {
            ["type"] = "TemplateProcessing",
            ["single"] = new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<|end|>", ["type_id"] = 0 } }, new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
        };
        HfTokenizer t = HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir));
        int end = t.TokenToId("<|end|>")!.Value;
        Assert.Equal(end, t.Encode("hello", addSpecialTokens: true)[0]);
        Assert.DoesNotContain(end, t.Encode("hello"));
    }

    [Fact]
    public void Encode_LStripRStripSingleWord_FollowHfSemantics()
    {
        JsonObject json = TinyTokenizerJson.Build();
        json["added_tokens"]![1]!["lstrip"] = true;
        json["added_tokens"]![1]!["rstrip"] = true;
        json["added_tokens"]![0]!["single_word"] = true;
        HfTokenizer t = HfTokenizer.Load(TinyTokenizerJson.Write(json, _dir));
        int tag = t.TokenToId("<tag>")!.Value, end = t.TokenToId("<|end|>")!.Value;
        Assert.Equal([t.TokenToId("hello")!.Value, tag, t.TokenToId("hello")!.Value], t.Encode("hello  <tag>  hello"));
        Assert.DoesNotContain(end, t.Encode("hello<|end|>hello"));
        Assert.Contains(end, t.Encode("hello <|end|> hello"));
    }
}
