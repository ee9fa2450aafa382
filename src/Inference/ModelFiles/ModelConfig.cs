using System.Text.Json;

namespace Tournament.Inference.ModelFiles;

/// <summary>
/// The decoder hyper-parameters of a HF <c>config.json</c>, validated. Keys are read at the top level first and
/// then from a nested <c>text_config</c> (multimodal wrappers keep the language model's sizes there).
/// </summary>
public sealed record ModelConfig
{
    /// <summary>The architecture family (from <c>architectures[0]</c>).</summary>
    public required ModelArchitecture Architecture { get; init; }

    /// <summary><c>architectures[0]</c> as written.</summary>
    public required string ArchitectureClass { get; init; }

    /// <summary><c>model_type</c>, when present.</summary>
    public string? ModelType { get; init; }

    /// <summary><c>hidden_size</c>.</summary>
    public required int HiddenSize { get; init; }

    /// <summary><c>intermediate_size</c>.</summary>
    public required int IntermediateSize { get; init; }

    /// <summary><c>num_hidden_layers</c>.</summary>
    public required int NumHiddenLayers { get; init; }

    /// <summary><c>num_attention_heads</c>.</summary>
    public required int NumAttentionHeads { get; init; }

    /// <summary><c>num_key_value_heads</c> (defaults to the attention heads).</summary>
    public required int NumKeyValueHeads { get; init; }

    /// <summary><c>head_dim</c> (defaults to hidden_size / num_attention_heads).</summary>
    public required int HeadDim { get; init; }

    /// <summary><c>rms_norm_eps</c> (default 1e-6).</summary>
    public double RmsNormEps { get; init; } = 1e-6;

    /// <summary><c>rope_theta</c> (default 10000).</summary>
    public double RopeTheta { get; init; } = 10000;

    /// <summary><c>vocab_size</c>.</summary>
    public required int VocabSize { get; init; }

    /// <summary><c>tie_word_embeddings</c> (default false).</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary><c>max_position_embeddings</c> (default 2048).</summary>
    public int MaxPositionEmbeddings { get; init; } = 2048;

    /// <summary><c>attention_bias</c> (default true for Qwen2, false otherwise).</summary>
    public bool AttentionBias { get; init; }

    /// <summary><c>mlp_bias</c> (default false; Llama checkpoints may carry MLP biases).</summary>
    public bool MlpBias { get; init; }

    /// <summary><c>hidden_act</c> (default <c>silu</c>).</summary>
    public string HiddenAct { get; init; } = "silu";

    /// <summary><c>torch_dtype</c> (or <c>dtype</c>), when present.</summary>
    public string? TorchDType { get; init; }

    /// <summary><c>bos_token_id</c>, when present.</summary>
    public int? BosTokenId { get; init; }

    /// <summary><c>eos_token_id</c> (a single id or a list).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary>True when the config has an <c>auto_map</c> (remote code) anywhere at the top level or in text_config.</summary>
    public bool HasAutoMap { get; init; }

    /// <summary>True when the config has a <c>quantization_config</c>.</summary>
    public bool HasQuantizationConfig { get; init; }

    /// <summary>The Qwen3.5-family keys (layer_types, linear-attention and expert sizes); null for other families.</summary>
    public HybridConfig? Hybrid { get; init; }

    /// <summary>The raw JSON text of the file, for checks beyond these fields.</summary>
    public required string RawJson { get; init; }

    /// <summary>True when the checkpoint must carry q/k/v biases (Qwen2, or attention_bias).</summary>
    public bool HasQkvBias => Architecture == ModelArchitecture.Qwen2 || AttentionBias;

    /// <summary>Reads and validates <c>config.json</c> from a model folder or a file path.</summary>
    /// <param name="path">A folder holding config.json, or the file itself.</param>
    public static ModelConfig Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "config.json") : path;
        if (!File.Exists(file))
        {
            throw new ModelConfigException(file, "(file)", "config.json is missing; the model folder must contain a HF config.json.");
        }

        var length = new FileInfo(file).Length;
        if (length > ModelConfigReader.MaxBytes)
        {
            throw new ModelConfigException(file, "(file)", $"{length} bytes is over the {ModelConfigReader.MaxBytes}-byte limit for a config.");
        }

        return Parse(File.ReadAllText(file), file);
    }

    /// <summary>Parses and validates config JSON.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="source">The file name for messages.</param>
    public static ModelConfig Parse(string json, string source = "config.json") => ModelConfigReader.Parse(json, source);

    /// <summary>Serialises a config as HF writes it (snake_case keys, indented), for generated models.</summary>
    public string ToJson() => ModelConfigWriter.Write(this);

    internal static JsonDocumentOptions JsonOptions => new() { MaxDepth = 64, CommentHandling = JsonCommentHandling.Disallow, AllowTrailingCommas = false };
}
