using System.Text.Json;

namespace Tournament.Inference.ModelFiles;

/// <summary>Parses and validates <see cref="ModelConfig"/>.</summary>
internal static class ModelConfigReader
{
    public const long MaxBytes = 16L << 20;

    private const int MaxSize = 1 << 20;
    private const int MaxLayers = 1024;
    private const int MaxHeads = 4096;
    private const int MaxVocab = 1 << 24;
    private const int MaxPositions = 1 << 24;

    public static ModelConfig Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (json.Length > MaxBytes)
        {
            throw new ModelConfigException(source, "(file)", $"{json.Length} characters is over the {MaxBytes}-byte limit for a config.");
        }

        var doc = ParseJson(json, source);

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ModelConfigException(source, "(root)", "must be a JSON object.");
            }

            JsonElement? text = null;
            if (root.TryGetProperty("text_config", out var tc) && tc.ValueKind != JsonValueKind.Null)
            {
                text = tc.ValueKind == JsonValueKind.Object ? tc : throw new ModelConfigException(source, "text_config", $"expected an object, got {JsonFields.Describe(tc)}.");
            }

            var f = new JsonFields(source, root, text, "text_config");
            var (architecture, className) = ReadArchitecture(source, f);
            var hidden = f.RequiredInt("hidden_size", 1, MaxSize);
            var heads = f.RequiredInt("num_attention_heads", 1, MaxHeads);
            var kvHeads = f.OptionalInt("num_key_value_heads", 1, MaxHeads) ?? heads;
            if (heads % kvHeads != 0)
            {
                throw new ModelConfigException(source, "num_key_value_heads", $"{kvHeads} does not divide num_attention_heads {heads}.");
            }

            var headDim = f.OptionalInt("head_dim", 1, MaxSize);
            if (headDim is null && hidden % heads != 0)
            {
                throw new ModelConfigException(source, "num_attention_heads", $"{heads} does not divide hidden_size {hidden}; set head_dim explicitly.");
            }

            var resolvedHeadDim = headDim ?? hidden / heads;
            if (resolvedHeadDim % 2 != 0)
            {
                throw new ModelConfigException(source, "head_dim", $"{resolvedHeadDim} is odd; rotary embeddings need an even head dimension.");
            }

            if ((long)heads * resolvedHeadDim > MaxSize)
            {
                throw new ModelConfigException(source, "head_dim", $"num_attention_heads × head_dim = {(long)heads * resolvedHeadDim} exceeds {MaxSize}.");
            }

            var vocab = f.RequiredInt("vocab_size", 1, MaxVocab);
            var layers = f.RequiredInt("num_hidden_layers", 1, MaxLayers);
            var moe = architecture == ModelArchitecture.Qwen35Moe;
            var (hybrid, hybridTheta) = ModelArchitectures.IsHybrid(architecture)
                ? HybridConfigReader.Read(source, f, moe, layers, resolvedHeadDim)
                : (null, null);
            var intermediate = moe
                ? f.OptionalInt("intermediate_size", 1, 16L * MaxSize) ?? hybrid!.MoeIntermediateSize
                : f.RequiredInt("intermediate_size", 1, 16L * MaxSize);
            return new ModelConfig
            {
                Architecture = architecture,
                ArchitectureClass = className,
                ModelType = f.OptionalString("model_type"),
                HiddenSize = hidden,
                IntermediateSize = intermediate,
                NumHiddenLayers = layers,
                NumAttentionHeads = heads,
                NumKeyValueHeads = kvHeads,
                HeadDim = resolvedHeadDim,
                RmsNormEps = f.OptionalDouble("rms_norm_eps", 0, 1) ?? 1e-6,
                RopeTheta = f.OptionalDouble("rope_theta", 0, 1e12) ?? hybridTheta ?? 10000,
                VocabSize = vocab,
                TieWordEmbeddings = f.OptionalBool("tie_word_embeddings") ?? false,
                MaxPositionEmbeddings = f.OptionalInt("max_position_embeddings", 1, MaxPositions) ?? 2048,
                AttentionBias = f.OptionalBool("attention_bias") ?? architecture == ModelArchitecture.Qwen2,
                MlpBias = f.OptionalBool("mlp_bias") ?? false,
                HiddenAct = f.OptionalString("hidden_act") ?? "silu",
                TorchDType = f.OptionalString("torch_dtype") ?? f.OptionalString("dtype"),
                BosTokenId = f.OptionalInt("bos_token_id", 0, int.MaxValue),
                EosTokenIds = f.IntOrIntList("eos_token_id"),
                HasAutoMap = f.Has("auto_map"),
                HasQuantizationConfig = f.Has("quantization_config"),
                Hybrid = hybrid,
                RawJson = json,
            };
        }
    }

    private static (ModelArchitecture Architecture, string ClassName) ReadArchitecture(string source, JsonFields f)
    {
        var supported = string.Join(", ", ModelArchitectures.SupportedClasses);
        if (!f.TryGet("architectures", out var value, out var path) || value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            throw new ModelConfigException(source, "architectures", $"must be a non-empty list naming one of {supported}.");
        }

        var first = value[0];
        if (first.ValueKind != JsonValueKind.String)
        {
            throw new ModelConfigException(source, $"{path}[0]", $"expected a class name string, got {JsonFields.Describe(first)}.");
        }

        var name = first.GetString()!;
        if (!ModelArchitectures.TryParse(name, out var architecture))
        {
            var shown = name.Length <= 80 ? name : name[..80] + "…";
            throw new ModelConfigException(source, $"{path}[0]", $"'{shown}' is not supported; supported architectures: {supported}.");
        }

        return (architecture, name);
    }

    /// <summary>Parses a config file's JSON (bounded depth, no comments); malformed JSON is a <see cref="ModelConfigException"/>.</summary>
    internal static JsonDocument ParseJson(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, ModelConfig.JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new ModelConfigException(source, "(file)", $"is not valid JSON ({ex.Message}).");
        }
    }
}
