using Tournament.Inference.ModelFiles;

namespace Tournament.Inference.Models;

/// <summary>Cross-checks of the Qwen3.5-family settings of a <see cref="DecoderConfig"/> (one sentence per problem).</summary>
internal static class HybridValidation
{
    public static void Validate(DecoderConfig c)
    {
        var h = c.Hybrid ?? throw new InvalidDataException($"config.json: {c.Architecture} needs layer_types and the linear_* sizes.");
        if (h.LayerTypes.Count != c.NumHiddenLayers)
        {
            throw new InvalidDataException($"config.json: layer_types lists {h.LayerTypes.Count} layers but num_hidden_layers is {c.NumHiddenLayers}.");
        }

        var bad = h.LayerTypes.FirstOrDefault(t => t is not (HybridConfig.LinearAttention or HybridConfig.FullAttention));
        if (bad is not null)
        {
            throw new InvalidDataException($"config.json: layer type '{(bad.Length <= 40 ? bad : bad[..40])}' is neither {HybridConfig.LinearAttention} nor {HybridConfig.FullAttention}.");
        }

        DecoderConfig.Positive(h.LinearNumKeyHeads, "linear_num_key_heads");
        DecoderConfig.Positive(h.LinearNumValueHeads, "linear_num_value_heads");
        DecoderConfig.Positive(h.LinearKeyHeadDim, "linear_key_head_dim");
        DecoderConfig.Positive(h.LinearValueHeadDim, "linear_value_head_dim");
        DecoderConfig.Positive(h.LinearConvKernelDim, "linear_conv_kernel_dim");
        if (h.LinearNumValueHeads % h.LinearNumKeyHeads != 0)
        {
            throw new InvalidDataException($"config.json: linear_num_value_heads ({h.LinearNumValueHeads}) must be a multiple of linear_num_key_heads ({h.LinearNumKeyHeads}).");
        }

        var rotary = h.RotaryDim(c.HeadDim);
        if (rotary < 2 || rotary % 2 != 0 || rotary > c.HeadDim)
        {
            throw new InvalidDataException($"config.json: partial_rotary_factor {h.PartialRotaryFactor} gives {rotary} rotary dimensions of head_dim {c.HeadDim}; it must be a positive even number.");
        }

        if (c.Architecture != DecoderArchitecture.Qwen35Moe)
        {
            return;
        }

        DecoderConfig.Positive(h.NumExperts, "num_experts");
        DecoderConfig.Positive(h.NumExpertsPerTok, "num_experts_per_tok");
        DecoderConfig.Positive(h.MoeIntermediateSize, "moe_intermediate_size");
        DecoderConfig.Positive(h.SharedExpertIntermediateSize, "shared_expert_intermediate_size");
        if (h.NumExpertsPerTok > h.NumExperts)
        {
            throw new InvalidDataException($"config.json: num_experts_per_tok ({h.NumExpertsPerTok}) is more than num_experts ({h.NumExperts}).");
        }
    }
}
