using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>
/// The Qwen3.5 (dense and MoE) part of <see cref="TinyModelGenerator"/>: the hybrid config keys derived from a
/// <see cref="TinyModelSpec"/>, the published tensor layout (<c>model.language_model.*</c>), and HF's initial values
/// for the tensors that are not plain weight matrices.
/// </summary>
public static class Qwen35Generator
{
    /// <summary>
    /// The hybrid keys for a spec: every fourth layer and the last one full attention; linear attention with
    /// kv-heads key heads and heads value heads of head_dim each, kernel 4; MoE with 8 experts, top 2, expert and
    /// shared-expert width intermediate / 2; partial rotary factor 0.25 (0.5 when head_dim is under 16).
    /// </summary>
    /// <param name="spec">The spec.</param>
    /// <param name="headDim">The attention head dimension.</param>
    public static HybridConfig Hybrid(TinyModelSpec spec, int headDim)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var moe = spec.Architecture == ModelArchitecture.Qwen35Moe;
        var expertWidth = Math.Max(1, spec.IntermediateSize / 2);
        return new HybridConfig
        {
            LayerTypes = [.. Enumerable.Range(0, spec.Layers).Select(i => (i + 1) % 4 == 0 || i == spec.Layers - 1 ? HybridConfig.FullAttention : HybridConfig.LinearAttention)],
            LinearNumKeyHeads = spec.KvHeads,
            LinearNumValueHeads = spec.Heads,
            LinearKeyHeadDim = headDim,
            LinearValueHeadDim = headDim,
            LinearConvKernelDim = 4,
            PartialRotaryFactor = headDim < 16 ? 0.5 : 0.25,
            NumExperts = moe ? 8 : 0,
            NumExpertsPerTok = moe ? 2 : 0,
            MoeIntermediateSize = moe ? expertWidth : 0,
            SharedExpertIntermediateSize = moe ? expertWidth : 0,
        };
    }

    /// <summary>Tensor name → shape in the published conditional-generation layout, in ordinal name order.</summary>
    /// <param name="c">A Qwen3.5 config.</param>
    public static IReadOnlyList<(string Name, long[] Shape, bool IsNorm)> Tensors(ModelConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var h = c.Hybrid ?? throw new ArgumentException("The config is not a Qwen3.5 config.", nameof(c));
        long hid = c.HiddenSize, hd = c.HeadDim, v = c.VocabSize;
        const string m = "model.language_model.";
        var list = new List<(string, long[], bool)> { (m + "embed_tokens.weight", [v, hid], false), (m + "norm.weight", [hid], true) };
        if (!c.TieWordEmbeddings)
        {
            list.Add(("lm_head.weight", [v, hid], false));
        }

        for (var l = 0; l < c.NumHiddenLayers; l++)
        {
            var p = $"{m}layers.{l}.";
            list.Add((p + "input_layernorm.weight", [hid], true));
            list.Add((p + "post_attention_layernorm.weight", [hid], true));
            if (h.LayerTypes[l] == HybridConfig.LinearAttention)
            {
                long kd = (long)h.LinearNumKeyHeads * h.LinearKeyHeadDim, vd = (long)h.LinearNumValueHeads * h.LinearValueHeadDim, nv = h.LinearNumValueHeads;
                list.Add((p + "linear_attn.in_proj_qkv.weight", [(2 * kd) + vd, hid], false));
                list.Add((p + "linear_attn.in_proj_z.weight", [vd, hid], false));
                list.Add((p + "linear_attn.in_proj_b.weight", [nv, hid], false));
                list.Add((p + "linear_attn.in_proj_a.weight", [nv, hid], false));
                list.Add((p + "linear_attn.conv1d.weight", [(2 * kd) + vd, 1, h.LinearConvKernelDim], false));
                list.Add((p + "linear_attn.dt_bias", [nv], true));
                list.Add((p + "linear_attn.A_log", [nv], true));
                list.Add((p + "linear_attn.norm.weight", [h.LinearValueHeadDim], true));
                list.Add((p + "linear_attn.out_proj.weight", [hid, vd], false));
            }
            else
            {
                long q = (long)c.NumAttentionHeads * hd, kv = (long)c.NumKeyValueHeads * hd;
                list.Add((p + "self_attn.q_proj.weight", [2 * q, hid], false));
                list.Add((p + "self_attn.k_proj.weight", [kv, hid], false));
                list.Add((p + "self_attn.v_proj.weight", [kv, hid], false));
                list.Add((p + "self_attn.o_proj.weight", [hid, q], false));
                list.Add((p + "self_attn.q_norm.weight", [hd], true));
                list.Add((p + "self_attn.k_norm.weight", [hd], true));
            }

            AddMlp(list, p + "mlp.", c, h);
        }

        return list.OrderBy(t => t.Item1, StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// HF's initial value of a non-matrix tensor: 0 for the (1 + weight) RMSNorms, 1 for the gated norm and dt_bias,
    /// log(U(1, 16)) for A_log (HF draws U(0.01, 16); the lower bound here keeps every head decaying).
    /// </summary>
    internal static float Initial(string name, SplitMix64 random) =>
        name.EndsWith(".A_log", StringComparison.Ordinal) ? (float)Math.Log(1 + (15 * random.NextDouble()))
        : name.EndsWith(".dt_bias", StringComparison.Ordinal) || name.EndsWith("linear_attn.norm.weight", StringComparison.Ordinal) ? 1f
        : 0f;

    private static void AddMlp(List<(string, long[], bool)> list, string p, ModelConfig c, HybridConfig h)
    {
        long hid = c.HiddenSize;
        if (!h.IsMoe)
        {
            list.Add((p + "gate_proj.weight", [c.IntermediateSize, hid], false));
            list.Add((p + "up_proj.weight", [c.IntermediateSize, hid], false));
            list.Add((p + "down_proj.weight", [hid, c.IntermediateSize], false));
            return;
        }

        long e = h.NumExperts, i = h.MoeIntermediateSize, s = h.SharedExpertIntermediateSize;
        list.Add((p + "gate.weight", [e, hid], false));
        list.Add((p + "experts.gate_up_proj", [e, 2 * i, hid], false));
        list.Add((p + "experts.down_proj", [e, hid, i], false));
        list.Add((p + "shared_expert.gate_proj.weight", [s, hid], false));
        list.Add((p + "shared_expert.up_proj.weight", [s, hid], false));
        list.Add((p + "shared_expert.down_proj.weight", [hid, s], false));
        list.Add((p + "shared_expert_gate.weight", [1, hid], false));
    }
}
