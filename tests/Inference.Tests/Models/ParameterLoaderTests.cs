using Tournament.Inference.Models;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Tests.Models;

public sealed class ParameterLoaderTests
{
    private const string Key = "model.layers.1.self_attn.k_proj.weight";

    [Fact]
    public void FromPretrained_MissingTensor_NamesTheKey()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), 1, w => { w.Remove(Key); return w; });

        var ex = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(ckpt.Folder));

        Assert.Contains($"missing tensor '{Key}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPretrained_MisShapedTensor_NamesTheKeyAndBothShapes()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), 1, w =>
        {
            w[Key] = ([16, 8], new double[128]);
            return w;
        });

        var ex = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(ckpt.Folder));

        Assert.Contains($"'{Key}'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[16, 8]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("[8, 16]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPretrained_UnexpectedExtraTensor_NamesTheKey()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), 1, w =>
        {
            w["model.layers.9.mlp.backdoor.weight"] = ([2], [0.5, 0.25]);
            return w;
        });

        var ex = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(ckpt.Folder));

        Assert.Contains("unexpected tensor 'model.layers.9.mlp.backdoor.weight'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPretrained_Qwen2WithoutQkvBias_NamesTheBiasKey()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen2), 1, w =>
        {
            w.Remove("model.layers.0.self_attn.q_proj.bias");
            return w;
        });

        var ex = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(ckpt.Folder));

        Assert.Contains("'model.layers.0.self_attn.q_proj.bias'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPretrained_UnsupportedArchitecture_NamesItAndTheSupportedOnes()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), 1);
        File.WriteAllText(Path.Combine(ckpt.Folder, "config.json"), File.ReadAllText(Path.Combine(ckpt.Folder, "config.json")).Replace("LlamaForCausalLM", "GPT2LMHeadModel", StringComparison.Ordinal));

        var ex = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(ckpt.Folder));

        Assert.Contains("'GPT2LMHeadModel' is not supported", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[1,2]")]
    [InlineData("{\"architectures\":[\"Qwen3ForCausalLM\"],\"hidden_size\":\"big\"}")]
    [InlineData("{\"architectures\":[\"Qwen3ForCausalLM\"],\"vocab_size\":10,\"hidden_size\":8,\"intermediate_size\":8,\"num_hidden_layers\":1,\"num_attention_heads\":3,\"num_key_value_heads\":2}")]
    public void FromPretrained_MalformedConfig_ThrowsInvalidData(string json)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), 1);
        File.WriteAllText(Path.Combine(ckpt.Folder, "config.json"), json);

        var ex = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(ckpt.Folder));

        Assert.Contains("config.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_SmallChunks_SameWeightsAsOneChunk()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), 4);
        using var a = DecoderModel.Create(ckpt.Config, TorchSharp.torch.ScalarType.Float32, TorchSharp.torch.CPU);
        using var b = DecoderModel.Create(ckpt.Config, TorchSharp.torch.ScalarType.Float32, TorchSharp.torch.CPU);

        using var checkpoint = SafetensorsCheckpoint.Open(ckpt.Folder);

        ParameterLoader.Load(a, checkpoint, new HashSet<string>(), chunkBytes: 12);
        ParameterLoader.Load(b, checkpoint, new HashSet<string>());

        var pa = a.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in b.named_parameters())
        {
            Assert.True((p == pa[name]).all().item<bool>(), name);
            var expected = ckpt.Weights[name].Values;
            Assert.Equal(expected, p.to_type(TorchSharp.torch.ScalarType.Float64).data<double>().ToArray());
        }
    }
}
