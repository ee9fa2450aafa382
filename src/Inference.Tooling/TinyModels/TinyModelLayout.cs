using Tournament.Inference.ModelFiles;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>The checkpoint keys and shapes HF transformers uses for Llama/Qwen2/Qwen3 causal LMs.</summary>
public static class TinyModelLayout
{
    /// <summary>Tensor name → shape for a config, in ordinal name order. Names match HF exactly.</summary>
    /// <param name="c">The config.</param>
    public static IReadOnlyList<(string Name, long[] Shape, bool IsNorm)> Tensors(ModelConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        long h = c.HiddenSize, q = (long)c.NumAttentionHeads * c.HeadDim, kv = (long)c.NumKeyValueHeads * c.HeadDim, i = c.IntermediateSize, v = c.VocabSize;
        var list = new List<(string, long[], bool)> { ("model.embed_tokens.weight", [v, h], false), ("model.norm.weight", [h], true) };
        if (!c.TieWordEmbeddings)
        {
            list.Add(("lm_head.weight", [v, h], false));
        }

        for (var l = 0; l < c.NumHiddenLayers; l++)
        {
            var p = $"model.layers.{l}.";
            list.Add((p + "self_attn.q_proj.weight", [q, h], false));
            list.Add((p + "self_attn.k_proj.weight", [kv, h], false));
            list.Add((p + "self_attn.v_proj.weight", [kv, h], false));
            list.Add((p + "self_attn.o_proj.weight", [h, q], false));
            if (c.HasQkvBias)
            {
                list.Add((p + "self_attn.q_proj.bias", [q], false));
                list.Add((p + "self_attn.k_proj.bias", [kv], false));
                list.Add((p + "self_attn.v_proj.bias", [kv], false));
            }

            if (c.Architecture == ModelArchitecture.Qwen3)
            {
                list.Add((p + "self_attn.q_norm.weight", [c.HeadDim], true));
                list.Add((p + "self_attn.k_norm.weight", [c.HeadDim], true));
            }

            list.Add((p + "mlp.gate_proj.weight", [i, h], false));
            list.Add((p + "mlp.up_proj.weight", [i, h], false));
            list.Add((p + "mlp.down_proj.weight", [h, i], false));
            list.Add((p + "input_layernorm.weight", [h], true));
            list.Add((p + "post_attention_layernorm.weight", [h], true));
        }

        return list.OrderBy(t => t.Item1, StringComparer.Ordinal).ToArray();
    }
}
