using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Tests.Tokenizers;

[Collection(Qwen3TokenizerGroup.Name)]
public sealed class TokenizerConfigTests(Qwen3TokenizerFixture qwen) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tok-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_RealQwen3Config_ReadsSpecialTokensAndTemplate()
    {
        TokenizerConfig config = TokenizerConfig.Load(qwen.Folder);
        Assert.Equal("<|im_end|>", config.EosToken);
        Assert.Equal("<|endoftext|>", config.PadToken);
        Assert.Null(config.BosToken);
        Assert.False(config.HasAutoMap);
        Assert.Contains("<|im_start|>", config.ChatTemplates["default"], StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AddedTokenObjectsAndTemplateList_Parsed()
    {
        string path = Write("""
            { "bos_token": { "content": "<s>", "lstrip": false, "__type": "AddedToken" }, "eos_token": "</s>",
              "chat_template": [ { "name": "default", "template": "A" }, { "name": "tool_use", "template": "B" } ] }
            """);
        TokenizerConfig config = TokenizerConfig.Load(path);
        Assert.Equal("<s>", config.BosToken);
        Assert.Equal("</s>", config.EosToken);
        Assert.Equal("B", config.ChatTemplates["tool_use"]);
    }

    [Fact]
    public void AutoMapRemoteCode_IsReportedNeverExecuted()
    {
        string path = Write("""{ "auto_map": { "AutoTokenizer": ["evil.EvilTokenizer", null] }, "eos_token": "</s>" }""");
        Assert.True(TokenizerConfig.Load(path).HasAutoMap);
    }

    [Theory]
    [InlineData("""{ "eos_token_id": 151645 }""", new[] { 151645 })]
    [InlineData("""{ "eos_token_id": [151645, 151643] }""", new[] { 151645, 151643 })]
    [InlineData("""{ "do_sample": true }""", new int[0])]
    public void LoadGenerationEosIds_NumberOrList(string json, int[] expected)
        => Assert.Equal(expected, TokenizerConfig.LoadGenerationEosIds(Write(json, "generation_config.json")));

    [Theory]
    [InlineData("""{ "eos_token": 5 }""", "eos_token")]
    [InlineData("""{ "chat_template": 7 }""", "chat_template")]
    [InlineData("""{ "chat_template": [ { "name": "x" } ] }""", "chat_template[0].template")]
    [InlineData("""{ "eos_token": "</s>" """, "(json, line 1, byte 23)")]
    public void Load_MalformedField_NamesIt(string json, string field)
    {
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => TokenizerConfig.Load(Write(json)));
        Assert.Equal(field, ex.Field);
    }

    [Fact]
    public void LoadGenerationEosIds_NegativeId_Refused()
    {
        TokenizerFormatException ex = Assert.Throws<TokenizerFormatException>(() => TokenizerConfig.LoadGenerationEosIds(Write("""{ "eos_token_id": [-1] }""", "generation_config.json")));
        Assert.Equal("eos_token_id[0]", ex.Field);
    }

    private string Write(string json, string name = "tokenizer_config.json")
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }
}
