using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;

namespace Tournament.Inference.Tests.Models.Hybrid;

public sealed class HybridConfigTests
{
    public static TheoryData<string, string> Hostile => new()
    {
        { """{"layer_types": ["linear_attention", "full_attention"]}""", "lists 2 layers but num_hidden_layers is 4" },
        { """{"layer_types": ["linear_attention", "full_attention", "sliding_attention", "full_attention"]}""", "layer_types[2]" },
        { """{"layer_types": "full_attention"}""", "expected a list" },
        { """{"linear_num_value_heads": 3}""", "not a multiple of linear_num_key_heads" },
        { """{"num_key_value_heads": 3}""", "does not divide num_attention_heads" },
        { """{"linear_key_head_dim": 0}""", "outside the allowed range" },
        { """{"linear_num_key_heads": -2}""", "outside the allowed range" },
        { """{"hidden_size": 0}""", "hidden_size" },
        { """{"rope_parameters": {"rope_type": "yarn", "rope_theta": 10000}}""", "not supported" },
        { """{"rope_parameters": {"rope_type": "default", "partial_rotary_factor": 0.1}}""", "rotary dimensions" },
        { """{"linear_conv_kernel_dim": 100000}""", "outside the allowed range" },
    };

    public static TheoryData<string, string> HostileMoe => new()
    {
        { """{"num_experts_per_tok": 9}""", "more than num_experts" },
        { """{"num_experts": 0}""", "outside the allowed range" },
        { """{"moe_intermediate_size": null}""", "moe_intermediate_size" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Parse_HostileDenseConfig_RefusedInOneSentenceNamingTheKey(string patch, string expected) =>
        AssertRefused(HybridCheckpoint.Dense(), patch, expected);

    [Theory]
    [MemberData(nameof(HostileMoe))]
    public void Parse_HostileMoeConfig_RefusedInOneSentenceNamingTheKey(string patch, string expected) =>
        AssertRefused(HybridCheckpoint.Moe(), patch, expected);

    [Fact]
    public void Parse_PublishedNesting_ReadsTextConfigAndRopeParameters()
    {
        var config = ModelConfig.Parse(HybridCheckpoint.ConfigJson(HybridCheckpoint.Moe(), wrapped: true));

        Assert.Equal(ModelArchitecture.Qwen35Moe, config.Architecture);
        Assert.Equal(1_000_000, config.RopeTheta);
        Assert.Equal(10, config.IntermediateSize);
        Assert.Equal(["linear_attention", "linear_attention", "full_attention"], config.Hybrid!.LayerTypes);
        Assert.Equal(0.25, config.Hybrid.PartialRotaryFactor);
        Assert.Equal((5, 2, 7), (config.Hybrid.NumExperts, config.Hybrid.NumExpertsPerTok, config.Hybrid.SharedExpertIntermediateSize));
        Assert.True(DecoderConfig.From(config).WrappedLayout);
    }

    [Fact]
    public void Parse_NoLayerTypes_DerivesEveryFourthLayerFullAttentionLikeHf()
    {
        var json = HybridCheckpoint.ConfigJson(HybridCheckpoint.Dense() with { NumHiddenLayers = 8 }, wrapped: false, tamperText: t => t.Remove("layer_types"));

        var types = ModelConfig.Parse(json).Hybrid!.LayerTypes;

        Assert.Equal(Enumerable.Range(0, 8).Select(i => i % 4 == 3 ? "full_attention" : "linear_attention"), types);
    }

    [Fact]
    public void Writer_RoundTripsThroughTheParser()
    {
        var parsed = ModelConfig.Parse(HybridCheckpoint.ConfigJson(HybridCheckpoint.Dense(), wrapped: true));

        var again = ModelConfig.Parse(parsed.ToJson());

        Assert.Equal(parsed.EosTokenIds, again.EosTokenIds);
        Assert.Equal(parsed with { RawJson = string.Empty, Hybrid = null, EosTokenIds = [] }, again with { RawJson = string.Empty, Hybrid = null, EosTokenIds = [] });
        Assert.Equal(parsed.Hybrid!.LayerTypes, again.Hybrid!.LayerTypes);
        Assert.Equal(parsed.Hybrid with { LayerTypes = [] }, again.Hybrid with { LayerTypes = [] });
        Assert.Contains("\"text_config\"", parsed.ToJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ProgrammaticConfigWithWrongLayerCount_Refused()
    {
        var config = HybridCheckpoint.Dense() with { NumHiddenLayers = 3 };

        var ex = Assert.Throws<InvalidDataException>(config.Validate);

        Assert.Contains("layer_types lists 4 layers but num_hidden_layers is 3", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertRefused(DecoderConfig config, string patch, string expected)
    {
        using var patchDoc = System.Text.Json.JsonDocument.Parse(patch);
        var json = HybridCheckpoint.ConfigJson(config, wrapped: true, tamperText: text =>
        {
            foreach (var p in patchDoc.RootElement.EnumerateObject())
            {
                text[p.Name] = p.Value.Clone();
            }
        });

        var ex = Assert.ThrowsAny<FormatException>(() => DecoderConfig.From(ModelConfig.Parse(json)));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Single(ex.Message.Split(". ", StringSplitOptions.RemoveEmptyEntries));
        Assert.EndsWith(".", ex.Message, StringComparison.Ordinal);
    }
}
