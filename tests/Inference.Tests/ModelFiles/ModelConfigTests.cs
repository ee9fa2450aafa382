using Tournament.Inference.ModelFiles;

namespace Tournament.Inference.Tests.ModelFiles;

public sealed class ModelConfigTests
{
    private const string Qwen3 = """
        {"architectures":["Qwen3ForCausalLM"],"attention_bias":false,"bos_token_id":151643,"eos_token_id":151645,
         "head_dim":128,"hidden_size":1024,"intermediate_size":3072,"max_position_embeddings":40960,"model_type":"qwen3",
         "num_attention_heads":16,"num_hidden_layers":28,"num_key_value_heads":8,"rms_norm_eps":1e-06,"rope_theta":1000000,
         "tie_word_embeddings":true,"torch_dtype":"bfloat16","vocab_size":151936}
        """;

    [Fact]
    public void Parse_RealQwen3Config_ReadsEveryField()
    {
        var c = ModelConfig.Parse(Qwen3);
        Assert.Equal(ModelArchitecture.Qwen3, c.Architecture);
        Assert.Equal((1024, 3072, 28, 16, 8, 128), (c.HiddenSize, c.IntermediateSize, c.NumHiddenLayers, c.NumAttentionHeads, c.NumKeyValueHeads, c.HeadDim));
        Assert.Equal((1e-6, 1e6, 151936, true, 40960), (c.RmsNormEps, c.RopeTheta, c.VocabSize, c.TieWordEmbeddings, c.MaxPositionEmbeddings));
        Assert.Equal(("bfloat16", 151643, "qwen3"), (c.TorchDType, c.BosTokenId, c.ModelType));
        Assert.Equal([151645], c.EosTokenIds);
        Assert.False(c.HasAutoMap || c.HasQuantizationConfig || c.HasQkvBias);
        Assert.Equal(Qwen3, c.RawJson);
    }

    [Fact]
    public void Parse_SizesNestedInTextConfig_AreRead()
    {
        var c = ModelConfig.Parse("""
            {"architectures":["LlamaForCausalLM"],"text_config":{"hidden_size":64,"intermediate_size":128,"num_hidden_layers":2,
             "num_attention_heads":4,"vocab_size":300},"eos_token_id":[1,2]}
            """);
        Assert.Equal((64, 300, 16, 4), (c.HiddenSize, c.VocabSize, c.HeadDim, c.NumKeyValueHeads));
        Assert.Equal([1, 2], c.EosTokenIds);
    }

    [Fact]
    public void Parse_Qwen2_DefaultsToAttentionBias_AndFlagsRemoteCodeAndQuantization()
    {
        var c = ModelConfig.Parse(Replace(Qwen3, "Qwen3ForCausalLM", "Qwen2ForCausalLM").Replace("\"attention_bias\":false,", "\"auto_map\":{\"AutoModel\":\"x.Y\"},\"quantization_config\":{},", StringComparison.Ordinal));
        Assert.True(c.HasQkvBias);
        Assert.True(c.HasAutoMap);
        Assert.True(c.HasQuantizationConfig);
    }

    [Theory]
    [InlineData("\"Qwen3ForCausalLM\"", "\"EvilForCausalLM\"", "architectures[0]")]
    [InlineData("[\"Qwen3ForCausalLM\"]", "[]", "architectures")]
    [InlineData("[\"Qwen3ForCausalLM\"]", "[5]", "architectures[0]")]
    [InlineData("\"hidden_size\":1024", "\"hidden_size\":\"1024\"", "hidden_size")]
    [InlineData("\"hidden_size\":1024", "\"hidden_size\":-1024", "hidden_size")]
    [InlineData("\"hidden_size\":1024", "\"hidden_size\":1024.5", "hidden_size")]
    [InlineData("\"hidden_size\":1024", "\"hidden_size\":99999999999999999999999", "hidden_size")]
    [InlineData("\"hidden_size\":1024", "\"hidden_size\":1e400", "hidden_size")]
    [InlineData("\"hidden_size\":1024", "\"hidden_size\":null", "hidden_size")]
    [InlineData("\"vocab_size\":151936", "\"vocab_size\":2000000000", "vocab_size")]
    [InlineData("\"num_hidden_layers\":28", "\"num_hidden_layers\":1000000", "num_hidden_layers")]
    [InlineData("\"num_key_value_heads\":8", "\"num_key_value_heads\":3", "num_key_value_heads")]
    [InlineData("\"head_dim\":128,\"hidden_size\":1024", "\"hidden_size\":1000", "num_attention_heads")]
    [InlineData("\"head_dim\":128", "\"head_dim\":127", "head_dim")]
    [InlineData("\"rms_norm_eps\":1e-06", "\"rms_norm_eps\":0", "rms_norm_eps")]
    [InlineData("\"rms_norm_eps\":1e-06", "\"rms_norm_eps\":\"NaN\"", "rms_norm_eps")]
    [InlineData("\"rms_norm_eps\":1e-06", "\"rms_norm_eps\":NaN", "(file)")]
    [InlineData("\"rope_theta\":1000000", "\"rope_theta\":1e300", "rope_theta")]
    [InlineData("\"tie_word_embeddings\":true", "\"tie_word_embeddings\":\"yes\"", "tie_word_embeddings")]
    [InlineData("\"eos_token_id\":151645", "\"eos_token_id\":[1,\"2\"]", "eos_token_id[1]")]
    [InlineData("\"torch_dtype\":\"bfloat16\"", "\"torch_dtype\":7", "torch_dtype")]
    [InlineData("\"vocab_size\":151936}", "\"vocab_size\":151936,\"text_config\":[]}", "text_config")]
    [InlineData("\"tie_word_embeddings\":true", "\"tie_word_embeddings\":true,\"mlp_bias\":1", "mlp_bias")]
    [InlineData("\"tie_word_embeddings\":true", "\"tie_word_embeddings\":true,\"hidden_act\":[]", "hidden_act")]
    public void Parse_HostileOrMalformedValue_ThrowsNamingKey(string find, string replacement, string key)
    {
        var ex = Assert.Throws<ModelConfigException>(() => ModelConfig.Parse(Replace(Qwen3, find, replacement), "cfg.json"));
        Assert.Equal(key, ex.Key);
        Assert.StartsWith("cfg.json: " + key + ": ", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "(root)")]
    [InlineData("{", "(file)")]
    [InlineData("", "(file)")]
    [InlineData("{\"architectures\":[\"LlamaForCausalLM\"]}", "hidden_size")]
    public void Parse_StructurallyWrong_Throws(string json, string key)
    {
        Assert.Equal(key, Assert.Throws<ModelConfigException>(() => ModelConfig.Parse(json)).Key);
    }

    [Fact]
    public void Parse_DeepNesting_ThrowsWithoutStackOverflow()
    {
        var json = "{\"x\":" + new string('[', 100_000) + new string(']', 100_000) + "}";
        Assert.Equal("(file)", Assert.Throws<ModelConfigException>(() => ModelConfig.Parse(json)).Key);
    }

    [Fact]
    public void Parse_OversizedConfig_ThrowsBeforeParsing()
    {
        var json = "{\"pad\":\"" + new string('x', 17 << 20) + "\"}";
        Assert.Contains("limit", Assert.Throws<ModelConfigException>(() => ModelConfig.Parse(json)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingConfigJson()
    {
        using var folder = new TempFolder();
        Assert.Contains("config.json", Assert.Throws<ModelConfigException>(() => ModelConfig.Load(folder.Path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MlpBiasAndHiddenActInTextConfig_AreReadAndRoundTrip()
    {
        var c = ModelConfig.Parse("""
            {"architectures":["LlamaForCausalLM"],"text_config":{"hidden_size":64,"intermediate_size":128,"num_hidden_layers":2,
             "num_attention_heads":4,"vocab_size":300,"mlp_bias":true,"hidden_act":"gelu"}}
            """);
        var again = ModelConfig.Parse(c.ToJson());

        Assert.Equal((true, "gelu"), (c.MlpBias, c.HiddenAct));
        Assert.Equal((true, "gelu"), (again.MlpBias, again.HiddenAct));
        Assert.Equal((false, "silu"), (ModelConfig.Parse(Qwen3).MlpBias, ModelConfig.Parse(Qwen3).HiddenAct));
    }

    [Fact]
    public void ToJson_ThenParse_RoundTrips()
    {
        var c = ModelConfig.Parse(Qwen3);
        var again = ModelConfig.Parse(c.ToJson());
        Assert.Equal(c with { RawJson = string.Empty, EosTokenIds = [] }, again with { RawJson = string.Empty, EosTokenIds = [] });
        Assert.Equal(c.EosTokenIds, again.EosTokenIds);
    }

    [Fact]
    public void GenerationConfig_Parse_ReadsFieldsAndRejectsWrongTypes()
    {
        var g = GenerationConfig.Parse("""{"bos_token_id":1,"eos_token_id":[2,3],"pad_token_id":0,"do_sample":true,"temperature":0.7,"top_p":0.8,"top_k":20,"max_new_tokens":512}""");
        Assert.Equal((1, 0, true, 0.7, 0.8, 20, 512), (g.BosTokenId, g.PadTokenId, g.DoSample, g.Temperature, g.TopP, g.TopK, g.MaxNewTokens));
        Assert.Equal([2, 3], g.EosTokenIds);
        Assert.Equal("temperature", Assert.Throws<ModelConfigException>(() => GenerationConfig.Parse("""{"temperature":"hot"}""")).Key);
        Assert.Equal("top_p", Assert.Throws<ModelConfigException>(() => GenerationConfig.Parse("""{"top_p":2}""")).Key);
    }

    private static string Replace(string json, string find, string replacement)
    {
        Assert.Contains(find, json, StringComparison.Ordinal);
        return json.Replace(find, replacement, StringComparison.Ordinal);
    }
}
