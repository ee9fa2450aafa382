using System.Text;
using System.Text.Json;

namespace Tournament.Inference.ModelFiles;

/// <summary>
/// Writes a Qwen3.5-family config as published: the conditional-generation wrapper at the top level and the language
/// model's keys (with <c>layer_types</c> and <c>rope_parameters</c>) in <c>text_config</c>. Fixed key order.
/// </summary>
internal static class HybridConfigWriter
{
    public static string Write(ModelConfig c)
    {
        var h = c.Hybrid ?? throw new ArgumentException("The config has no Qwen3.5 keys.", nameof(c));
        var modelType = c.ModelType ?? ModelArchitectures.ModelType(c.Architecture);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartArray("architectures");
            w.WriteStringValue(c.ArchitectureClass);
            w.WriteEndArray();
            w.WriteString("model_type", modelType);
            w.WriteStartObject("text_config");
            w.WriteBoolean("attention_bias", c.AttentionBias);
            ModelConfigWriter.WriteEos(w, c.EosTokenIds);
            w.WriteNumber("head_dim", c.HeadDim);
            w.WriteString("hidden_act", c.HiddenAct);
            w.WriteNumber("hidden_size", c.HiddenSize);
            if (!h.IsMoe)
            {
                w.WriteNumber("intermediate_size", c.IntermediateSize);
            }

            w.WriteStartArray("layer_types");
            foreach (var t in h.LayerTypes)
            {
                w.WriteStringValue(t);
            }

            w.WriteEndArray();
            w.WriteNumber("linear_conv_kernel_dim", h.LinearConvKernelDim);
            w.WriteNumber("linear_key_head_dim", h.LinearKeyHeadDim);
            w.WriteNumber("linear_num_key_heads", h.LinearNumKeyHeads);
            w.WriteNumber("linear_num_value_heads", h.LinearNumValueHeads);
            w.WriteNumber("linear_value_head_dim", h.LinearValueHeadDim);
            w.WriteNumber("max_position_embeddings", c.MaxPositionEmbeddings);
            w.WriteString("model_type", modelType + "_text");
            if (h.IsMoe)
            {
                w.WriteNumber("moe_intermediate_size", h.MoeIntermediateSize);
            }

            w.WriteNumber("num_attention_heads", c.NumAttentionHeads);
            if (h.IsMoe)
            {
                w.WriteNumber("num_experts", h.NumExperts);
                w.WriteNumber("num_experts_per_tok", h.NumExpertsPerTok);
            }

            w.WriteNumber("num_hidden_layers", c.NumHiddenLayers);
            w.WriteNumber("num_key_value_heads", c.NumKeyValueHeads);
            w.WriteNumber("rms_norm_eps", c.RmsNormEps);
            WriteRope(w, c, h);
            if (h.IsMoe)
            {
                w.WriteNumber("shared_expert_intermediate_size", h.SharedExpertIntermediateSize);
            }

            if (c.TorchDType is { } dtype)
            {
                w.WriteString("dtype", dtype);
            }

            w.WriteBoolean("use_cache", true);
            w.WriteNumber("vocab_size", c.VocabSize);
            w.WriteEndObject();
            w.WriteBoolean("tie_word_embeddings", c.TieWordEmbeddings);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()).ReplaceLineEndings("\n") + "\n";
    }

    private static void WriteRope(Utf8JsonWriter w, ModelConfig c, HybridConfig h)
    {
        // Text positions use the same id on all three multimodal axes, so any split of the rotary pairs is exact.
        var half = h.RotaryDim(c.HeadDim) / 2;
        var side = half / 3;
        w.WriteStartObject("rope_parameters");
        w.WriteBoolean("mrope_interleaved", true);
        w.WriteStartArray("mrope_section");
        w.WriteNumberValue(half - (2 * side));
        w.WriteNumberValue(side);
        w.WriteNumberValue(side);
        w.WriteEndArray();
        w.WriteNumber("partial_rotary_factor", h.PartialRotaryFactor);
        w.WriteString("rope_type", "default");
        w.WriteNumber("rope_theta", c.RopeTheta);
        w.WriteEndObject();
    }
}
