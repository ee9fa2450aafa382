using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Tournament.Inference.Models;

namespace Tournament.Inference.Tests.Models;

/// <summary>A tiny random model written as config.json + model.safetensors (F32), with its weights kept in float64.</summary>
internal sealed class TinyCheckpoint : IDisposable
{
    private TinyCheckpoint(DecoderConfig config, Dictionary<string, (long[] Shape, double[] Values)> weights, string folder)
    {
        Config = config;
        Weights = weights;
        Folder = folder;
    }

    public DecoderConfig Config { get; }

    public Dictionary<string, (long[] Shape, double[] Values)> Weights { get; }

    public string Folder { get; }

    public static DecoderConfig ConfigFor(DecoderArchitecture arch) => arch switch
    {
        DecoderArchitecture.Llama => new DecoderConfig
        {
            Architecture = arch, VocabSize = 37, HiddenSize = 16, IntermediateSize = 24, NumHiddenLayers = 2,
            NumAttentionHeads = 4, NumKeyValueHeads = 2, HeadDim = 4, RmsNormEps = 1e-5, RopeTheta = 10000, EosTokenIds = [2],
        },
        DecoderArchitecture.Qwen2 => new DecoderConfig
        {
            Architecture = arch, VocabSize = 41, HiddenSize = 16, IntermediateSize = 32, NumHiddenLayers = 2,
            NumAttentionHeads = 4, NumKeyValueHeads = 1, HeadDim = 4, RmsNormEps = 1e-6, RopeTheta = 1_000_000, TieWordEmbeddings = true, EosTokenIds = [3],
        },
        _ => new DecoderConfig
        {
            Architecture = arch, VocabSize = 43, HiddenSize = 16, IntermediateSize = 20, NumHiddenLayers = 3,
            NumAttentionHeads = 2, NumKeyValueHeads = 1, HeadDim = 12, RmsNormEps = 1e-6, RopeTheta = 1_000_000, EosTokenIds = [4, 5],
        },
    };

    public static TinyCheckpoint Create(DecoderConfig config, int seed, Func<Dictionary<string, (long[] Shape, double[] Values)>, Dictionary<string, (long[] Shape, double[] Values)>>? tamper = null)
    {
        var rng = new Random(seed);
        var w = new Dictionary<string, (long[] Shape, double[] Values)>(StringComparer.Ordinal);
        void Add(string name, double scale, double offset, params long[] shape) => AddUniform(w, rng, name, scale, offset, shape);

        long h = config.HiddenSize, q = config.NumAttentionHeads * config.HeadDim, kv = config.NumKeyValueHeads * config.HeadDim;
        var qkvBias = config.Architecture == DecoderArchitecture.Qwen2 || config.AttentionBias;
        Add("model.embed_tokens.weight", 1.0, 0, config.VocabSize, h);
        for (var i = 0; i < config.NumHiddenLayers; i++)
        {
            var p = $"model.layers.{i}.";
            Add(p + "input_layernorm.weight", 0.2, 1, h);
            Add(p + "post_attention_layernorm.weight", 0.2, 1, h);
            Add(p + "self_attn.q_proj.weight", 0.4, 0, q, h);
            Add(p + "self_attn.k_proj.weight", 0.4, 0, kv, h);
            Add(p + "self_attn.v_proj.weight", 0.4, 0, kv, h);
            Add(p + "self_attn.o_proj.weight", 0.4, 0, h, q);
            if (qkvBias)
            {
                Add(p + "self_attn.q_proj.bias", 0.3, 0, q);
                Add(p + "self_attn.k_proj.bias", 0.3, 0, kv);
                Add(p + "self_attn.v_proj.bias", 0.3, 0, kv);
            }

            if (config.Architecture == DecoderArchitecture.Qwen3)
            {
                Add(p + "self_attn.q_norm.weight", 0.2, 1, config.HeadDim);
                Add(p + "self_attn.k_norm.weight", 0.2, 1, config.HeadDim);
            }

            Add(p + "mlp.gate_proj.weight", 0.4, 0, config.IntermediateSize, h);
            Add(p + "mlp.up_proj.weight", 0.4, 0, config.IntermediateSize, h);
            Add(p + "mlp.down_proj.weight", 0.4, 0, h, config.IntermediateSize);
        }

        Add("model.norm.weight", 0.2, 1, h);
        if (!config.TieWordEmbeddings)
        {
            Add("lm_head.weight", 0.5, 0, config.VocabSize, h);
        }

        var folder = Directory.CreateTempSubdirectory("tiny-decoder").FullName;
        var written = tamper is null ? w : tamper(new Dictionary<string, (long[] Shape, double[] Values)>(w, StringComparer.Ordinal));
        WriteConfig(config, Path.Combine(folder, "config.json"));
        WriteSafetensors(written, Path.Combine(folder, "model.safetensors"));
        return new TinyCheckpoint(config, w, folder);
    }

    /// <summary>Reads a saved folder's weights back into float64 (for the reference decoder); disposing deletes the folder.</summary>
    public static TinyCheckpoint Load(string folder, DecoderConfig config)
    {
        using var checkpoint = Tournament.Inference.Safetensors.SafetensorsCheckpoint.Open(folder);
        var w = new Dictionary<string, (long[] Shape, double[] Values)>(StringComparer.Ordinal);
        foreach (var t in checkpoint.Tensors)
        {
            var bytes = t.File.GetBytes(t.Info, 0, (int)t.Info.ByteLength);
            var values = t.Info.DType == Abstractions.SafetensorsDType.F64
                ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, double>(bytes).ToArray()
                : Tournament.Inference.Safetensors.DTypeConversions.ToFloat32(bytes, t.Info.DType).Select(v => (double)v).ToArray();
            w[t.Name] = ([.. t.Info.Shape], values);
        }

        return new TinyCheckpoint(config, w, folder);
    }

    public void Dispose() => Directory.Delete(Folder, true);

    /// <summary>Adds offset + U(−scale, scale) values (rounded to float32, as stored) under <paramref name="name"/>.</summary>
    internal static void AddUniform(Dictionary<string, (long[] Shape, double[] Values)> w, Random rng, string name, double scale, double offset, long[] shape)
    {
        var n = shape.Aggregate(1L, (a, b) => a * b);
        w[name] = (shape, Enumerable.Range(0, (int)n).Select(_ => (double)(float)(offset + (scale * ((rng.NextDouble() * 2) - 1)))).ToArray());
    }

    private static void WriteConfig(DecoderConfig c, string path)
    {
        var arch = c.Architecture switch
        {
            DecoderArchitecture.Llama => "LlamaForCausalLM",
            DecoderArchitecture.Qwen2 => "Qwen2ForCausalLM",
            _ => "Qwen3ForCausalLM",
        };
        var json = new Dictionary<string, object>
        {
            ["architectures"] = new[] { arch },
            ["vocab_size"] = c.VocabSize, ["hidden_size"] = c.HiddenSize, ["intermediate_size"] = c.IntermediateSize,
            ["num_hidden_layers"] = c.NumHiddenLayers, ["num_attention_heads"] = c.NumAttentionHeads,
            ["num_key_value_heads"] = c.NumKeyValueHeads, ["head_dim"] = c.HeadDim, ["rms_norm_eps"] = c.RmsNormEps,
            ["rope_theta"] = c.RopeTheta, ["tie_word_embeddings"] = c.TieWordEmbeddings, ["hidden_act"] = "silu",
            ["eos_token_id"] = c.EosTokenIds.ToArray(),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(json));
    }

    internal static void WriteSafetensors(Dictionary<string, (long[] Shape, double[] Values)> tensors, string path)
    {
        var header = new Dictionary<string, object>();
        long offset = 0;
        var ordered = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        foreach (var (name, (shape, values)) in ordered)
        {
            header[name] = new { dtype = "F32", shape, data_offsets = new[] { offset, offset + (values.Length * 4L) } };
            offset += values.Length * 4L;
        }

        var headerBytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(header));
        using var file = File.Create(path);
        Span<byte> len = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(len, headerBytes.Length);
        file.Write(len);
        file.Write(headerBytes);
        Span<byte> f = stackalloc byte[4];
        foreach (var (_, (_, values)) in ordered)
        {
            foreach (var v in values)
            {
                BinaryPrimitives.WriteSingleLittleEndian(f, (float)v);
                file.Write(f);
            }
        }
    }
}
