using System.Text.Json;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;

namespace Tournament.Inference.Tests.Models;

/// <summary>A tiny random Qwen3.5 (dense or MoE) checkpoint, weights kept in float64 under their text-model names.</summary>
internal sealed class HybridCheckpoint : IDisposable
{
    private HybridCheckpoint(DecoderConfig config, Dictionary<string, (long[] Shape, double[] Values)> weights, string folder)
    {
        Config = config;
        Weights = weights;
        Folder = folder;
    }

    public DecoderConfig Config { get; }

    /// <summary>Weights keyed <c>model.layers.…</c> (the plain layout), whatever layout was written.</summary>
    public Dictionary<string, (long[] Shape, double[] Values)> Weights { get; }

    public string Folder { get; }

    public HybridConfig Hybrid => Config.Hybrid!;

    public static DecoderConfig Dense() => new()
    {
        Architecture = DecoderArchitecture.Qwen35, VocabSize = 53, HiddenSize = 16, IntermediateSize = 24, NumHiddenLayers = 4,
        NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 8, RmsNormEps = 1e-6, RopeTheta = 10000, TieWordEmbeddings = true, EosTokenIds = [2],
        Hybrid = new HybridConfig
        {
            LayerTypes = ["linear_attention", "full_attention", "linear_attention", "full_attention"],
            LinearNumKeyHeads = 2, LinearNumValueHeads = 4, LinearKeyHeadDim = 6, LinearValueHeadDim = 5, LinearConvKernelDim = 4, PartialRotaryFactor = 0.5,
        },
    };

    public static DecoderConfig Moe() => new()
    {
        Architecture = DecoderArchitecture.Qwen35Moe, VocabSize = 47, HiddenSize = 12, IntermediateSize = 10, NumHiddenLayers = 3,
        NumAttentionHeads = 2, NumKeyValueHeads = 1, HeadDim = 8, RmsNormEps = 1e-6, RopeTheta = 1_000_000, EosTokenIds = [3],
        Hybrid = new HybridConfig
        {
            LayerTypes = ["linear_attention", "linear_attention", "full_attention"],
            LinearNumKeyHeads = 1, LinearNumValueHeads = 2, LinearKeyHeadDim = 4, LinearValueHeadDim = 6, LinearConvKernelDim = 3, PartialRotaryFactor = 0.25,
            NumExperts = 5, NumExpertsPerTok = 2, MoeIntermediateSize = 10, SharedExpertIntermediateSize = 7,
        },
    };

    /// <summary>Writes the checkpoint; <paramref name="wrapped"/> uses the published conditional-generation layout.</summary>
    /// <param name="bf16Exact">Round every weight to a bfloat16 value, so a bf16 load stores exactly the reference's weights.</param>
    public static HybridCheckpoint Create(DecoderConfig config, int seed, bool wrapped = true, bool withVision = false, Action<Dictionary<string, object>>? tamperText = null, bool bf16Exact = false)
    {
        var rng = new Random(seed);
        var w = new Dictionary<string, (long[] Shape, double[] Values)>(StringComparer.Ordinal);
        void Add(string name, double scale, double offset, params long[] shape) => TinyCheckpoint.AddUniform(w, rng, name, scale, offset, shape);

        var h = config.Hybrid!;
        long hid = config.HiddenSize, hd = config.HeadDim;
        Add("model.embed_tokens.weight", 1.0, 0, config.VocabSize, hid);
        for (var l = 0; l < config.NumHiddenLayers; l++)
        {
            var p = $"model.layers.{l}.";
            Add(p + "input_layernorm.weight", 0.2, 0, hid);
            Add(p + "post_attention_layernorm.weight", 0.2, 0, hid);
            if (h.LayerTypes[l] == "linear_attention")
            {
                long kd = h.LinearNumKeyHeads * h.LinearKeyHeadDim, vd = h.LinearNumValueHeads * h.LinearValueHeadDim;
                Add(p + "linear_attn.in_proj_qkv.weight", 0.5, 0, (2 * kd) + vd, hid);
                Add(p + "linear_attn.in_proj_z.weight", 0.5, 0, vd, hid);
                Add(p + "linear_attn.in_proj_b.weight", 0.5, 0, h.LinearNumValueHeads, hid);
                Add(p + "linear_attn.in_proj_a.weight", 0.5, 0, h.LinearNumValueHeads, hid);
                Add(p + "linear_attn.conv1d.weight", 0.6, 0, (2 * kd) + vd, 1, h.LinearConvKernelDim);
                Add(p + "linear_attn.dt_bias", 0.5, 0.5, h.LinearNumValueHeads);
                Add(p + "linear_attn.A_log", 1.0, 0, h.LinearNumValueHeads);
                Add(p + "linear_attn.norm.weight", 0.2, 1, h.LinearValueHeadDim);
                Add(p + "linear_attn.out_proj.weight", 0.5, 0, hid, vd);
            }
            else
            {
                Add(p + "self_attn.q_proj.weight", 0.5, 0, config.NumAttentionHeads * hd * 2, hid);
                Add(p + "self_attn.k_proj.weight", 0.5, 0, config.NumKeyValueHeads * hd, hid);
                Add(p + "self_attn.v_proj.weight", 0.5, 0, config.NumKeyValueHeads * hd, hid);
                Add(p + "self_attn.o_proj.weight", 0.5, 0, hid, config.NumAttentionHeads * hd);
                Add(p + "self_attn.q_norm.weight", 0.2, 0, hd);
                Add(p + "self_attn.k_norm.weight", 0.2, 0, hd);
            }

            if (h.IsMoe)
            {
                Add(p + "mlp.gate.weight", 0.8, 0, h.NumExperts, hid);
                Add(p + "mlp.experts.gate_up_proj", 0.5, 0, h.NumExperts, 2 * h.MoeIntermediateSize, hid);
                Add(p + "mlp.experts.down_proj", 0.5, 0, h.NumExperts, hid, h.MoeIntermediateSize);
                Add(p + "mlp.shared_expert.gate_proj.weight", 0.5, 0, h.SharedExpertIntermediateSize, hid);
                Add(p + "mlp.shared_expert.up_proj.weight", 0.5, 0, h.SharedExpertIntermediateSize, hid);
                Add(p + "mlp.shared_expert.down_proj.weight", 0.5, 0, hid, h.SharedExpertIntermediateSize);
                Add(p + "mlp.shared_expert_gate.weight", 0.5, 0, 1, hid);
            }
            else
            {
                Add(p + "mlp.gate_proj.weight", 0.5, 0, config.IntermediateSize, hid);
                Add(p + "mlp.up_proj.weight", 0.5, 0, config.IntermediateSize, hid);
                Add(p + "mlp.down_proj.weight", 0.5, 0, hid, config.IntermediateSize);
            }
        }

        Add("model.norm.weight", 0.2, 0, hid);
        if (!config.TieWordEmbeddings)
        {
            Add("lm_head.weight", 0.6, 0, config.VocabSize, hid);
        }

        if (bf16Exact)
        {
            foreach (var (_, (_, values)) in w)
            {
                for (var i = 0; i < values.Length; i++)
                {
                    var bits = BitConverter.SingleToInt32Bits((float)values[i]);
                    values[i] = BitConverter.Int32BitsToSingle((bits + 0x7FFF + ((bits >> 16) & 1)) & unchecked((int)0xFFFF0000));
                }
            }
        }

        var written = w.ToDictionary(kv => wrapped && kv.Key.StartsWith("model.", StringComparison.Ordinal) ? "model.language_model." + kv.Key["model.".Length..] : kv.Key, kv => kv.Value, StringComparer.Ordinal);
        if (withVision)
        {
            written["model.visual.patch_embed.proj.weight"] = ([4, 3, 2, 2, 2], new double[96]);
            written["model.visual.blocks.0.attn.qkv.weight"] = ([12, 4], new double[48]);
            written["mtp.fc.weight"] = ([4, 8], new double[32]);
        }

        var folder = Directory.CreateTempSubdirectory("tiny-qwen35").FullName;
        File.WriteAllText(Path.Combine(folder, "config.json"), ConfigJson(config, wrapped, withVision, tamperText));
        TinyCheckpoint.WriteSafetensors(written, Path.Combine(folder, "model.safetensors"));
        return new HybridCheckpoint(config with { WrappedLayout = wrapped }, w, folder);
    }

    /// <summary>The published config.json shape: the text keys nested in text_config (wrapped) or at the top (plain).</summary>
    public static string ConfigJson(DecoderConfig c, bool wrapped, bool withVision = false, Action<Dictionary<string, object>>? tamperText = null)
    {
        var h = c.Hybrid!;
        var moe = c.Architecture == DecoderArchitecture.Qwen35Moe;
        var text = new Dictionary<string, object>
        {
            ["vocab_size"] = c.VocabSize, ["hidden_size"] = c.HiddenSize, ["num_hidden_layers"] = c.NumHiddenLayers,
            ["num_attention_heads"] = c.NumAttentionHeads, ["num_key_value_heads"] = c.NumKeyValueHeads, ["head_dim"] = c.HeadDim,
            ["rms_norm_eps"] = c.RmsNormEps, ["hidden_act"] = "silu", ["eos_token_id"] = c.EosTokenIds.ToArray(),
            ["layer_types"] = h.LayerTypes.ToArray(), ["linear_num_key_heads"] = h.LinearNumKeyHeads, ["linear_num_value_heads"] = h.LinearNumValueHeads,
            ["linear_key_head_dim"] = h.LinearKeyHeadDim, ["linear_value_head_dim"] = h.LinearValueHeadDim, ["linear_conv_kernel_dim"] = h.LinearConvKernelDim,
            ["rope_parameters"] = new Dictionary<string, object>
            {
                ["rope_type"] = "default", ["rope_theta"] = c.RopeTheta, ["partial_rotary_factor"] = h.PartialRotaryFactor,
                ["mrope_section"] = new[] { 1, 1, 0 }, ["mrope_interleaved"] = true,
            },
        };
        if (moe)
        {
            text["num_experts"] = h.NumExperts;
            text["num_experts_per_tok"] = h.NumExpertsPerTok;
            text["moe_intermediate_size"] = h.MoeIntermediateSize;
            text["shared_expert_intermediate_size"] = h.SharedExpertIntermediateSize;
        }
        else
        {
            text["intermediate_size"] = c.IntermediateSize;
        }

        tamperText?.Invoke(text);
        var prefix = moe ? "Qwen3_5Moe" : "Qwen3_5";
        if (!wrapped)
        {
            text["architectures"] = new[] { prefix + "ForCausalLM" };
            text["tie_word_embeddings"] = c.TieWordEmbeddings;
            return JsonSerializer.Serialize(text);
        }

        var root = new Dictionary<string, object>
        {
            ["architectures"] = new[] { prefix + "ForConditionalGeneration" },
            ["model_type"] = moe ? "qwen3_5_moe" : "qwen3_5",
            ["tie_word_embeddings"] = c.TieWordEmbeddings,
            ["text_config"] = text,
        };
        if (withVision)
        {
            root["vision_config"] = new Dictionary<string, object> { ["depth"] = 1, ["hidden_size"] = 4, ["num_heads"] = 1 };
        }

        return JsonSerializer.Serialize(root);
    }

    public void Dispose() => Directory.Delete(Folder, true);
}
