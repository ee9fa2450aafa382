using System.Text.Json;

namespace Tournament.Inference.ModelFiles;

/// <summary>Reads and cross-checks the Qwen3.5-family keys (<see cref="HybridConfig"/>) of a config.</summary>
internal static class HybridConfigReader
{
    private const int MaxSize = 1 << 20;
    private const int MaxHeads = 4096;
    private const int MaxExperts = 4096;
    private const int MaxKernel = 64;

    /// <summary>The hybrid keys, and <c>rope_parameters.rope_theta</c> when present.</summary>
    public static (HybridConfig Config, double? RopeTheta) Read(string source, JsonFields f, bool moe, int layers, int headDim)
    {
        var keyHeads = f.RequiredInt("linear_num_key_heads", 1, MaxHeads);
        var valueHeads = f.RequiredInt("linear_num_value_heads", 1, MaxHeads);
        if (valueHeads % keyHeads != 0)
        {
            throw new ModelConfigException(source, "linear_num_value_heads", $"{valueHeads} is not a multiple of linear_num_key_heads {keyHeads}.");
        }

        var (ropeTheta, factor) = ReadRope(source, f);
        var rotary = (int)(headDim * factor);
        if (rotary < 2 || rotary % 2 != 0)
        {
            throw new ModelConfigException(source, "partial_rotary_factor", $"head_dim {headDim} × {factor} gives {rotary} rotary dimensions; it must be a positive even number.");
        }

        var config = new HybridConfig
        {
            LayerTypes = ReadLayerTypes(source, f, layers),
            LinearNumKeyHeads = keyHeads,
            LinearNumValueHeads = valueHeads,
            LinearKeyHeadDim = f.RequiredInt("linear_key_head_dim", 1, MaxSize),
            LinearValueHeadDim = f.RequiredInt("linear_value_head_dim", 1, MaxSize),
            LinearConvKernelDim = f.OptionalInt("linear_conv_kernel_dim", 1, MaxKernel) ?? 4,
            PartialRotaryFactor = factor,
        };
        if (!moe)
        {
            return (config, ropeTheta);
        }

        var experts = f.RequiredInt("num_experts", 1, MaxExperts);
        var perToken = f.RequiredInt("num_experts_per_tok", 1, MaxExperts);
        if (perToken > experts)
        {
            throw new ModelConfigException(source, "num_experts_per_tok", $"{perToken} is more than num_experts {experts}.");
        }

        return (config with
        {
            NumExperts = experts,
            NumExpertsPerTok = perToken,
            MoeIntermediateSize = f.RequiredInt("moe_intermediate_size", 1, MaxSize),
            SharedExpertIntermediateSize = f.RequiredInt("shared_expert_intermediate_size", 1, MaxSize),
        }, ropeTheta);
    }

    private static IReadOnlyList<string> ReadLayerTypes(string source, JsonFields f, int layers)
    {
        if (!f.TryGet("layer_types", out var value, out var path))
        {
            var interval = f.OptionalInt("full_attention_interval", 1, layers) ?? 4;
            return HybridConfig.DefaultLayerTypes(layers, interval);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ModelConfigException(source, path, $"expected a list of layer type strings, got {JsonFields.Describe(value)}.");
        }

        if (value.GetArrayLength() != layers)
        {
            throw new ModelConfigException(source, path, $"lists {value.GetArrayLength()} layers but num_hidden_layers is {layers}.");
        }

        var types = new List<string>(layers);
        foreach (var (entry, i) in value.EnumerateArray().Select((e, i) => (e, i)))
        {
            var name = entry.ValueKind == JsonValueKind.String ? entry.GetString() : null;
            if (name is not (HybridConfig.LinearAttention or HybridConfig.FullAttention))
            {
                throw new ModelConfigException(source, $"{path}[{i}]", $"must be \"{HybridConfig.LinearAttention}\" or \"{HybridConfig.FullAttention}\", got {JsonFields.Describe(entry)}.");
            }

            types.Add(name);
        }

        return types;
    }

    private static (double? Theta, double Factor) ReadRope(string source, JsonFields f)
    {
        var factor = f.OptionalDouble("partial_rotary_factor", 0, 1);
        if (!f.TryGet("rope_parameters", out var rope, out var path))
        {
            return (null, factor ?? 0.25);
        }

        if (rope.ValueKind != JsonValueKind.Object)
        {
            throw new ModelConfigException(source, path, $"expected an object, got {JsonFields.Describe(rope)}.");
        }

        var inner = new JsonFields(source, rope, null, path);
        var type = inner.OptionalString("rope_type") ?? "default";
        if (type != "default")
        {
            throw new ModelConfigException(source, $"{path}.rope_type", $"'{(type.Length <= 40 ? type : type[..40])}' is not supported; only 'default' (with multimodal sections) is.");
        }

        return (inner.OptionalDouble("rope_theta", 0, 1e12), inner.OptionalDouble("partial_rotary_factor", 0, 1) ?? factor ?? 0.25);
    }
}
