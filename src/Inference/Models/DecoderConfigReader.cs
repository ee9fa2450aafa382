using System.Text.Json;

namespace Tournament.Inference.Models;

/// <summary>
/// Reads the decoder hyperparameters from an HF <c>config.json</c> (top level, or nested in <c>text_config</c>).
/// Kept minimal and private to the decoder runtime: file-level checks belong to ModelFiles.
/// </summary>
internal static class DecoderConfigReader
{
    private const long MaxConfigBytes = 4 * 1024 * 1024;

    public static DecoderConfig ReadFolder(string folder)
    {
        var path = Path.Combine(folder, "config.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Model folder '{folder}' has no config.json: point to an HF model folder.", path);
        }

        if (new FileInfo(path).Length > MaxConfigBytes)
        {
            throw new InvalidDataException($"{path}: larger than {MaxConfigBytes} bytes; not a model config.");
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 32 });
            return Parse(doc.RootElement, path);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message}).", ex);
        }
    }

    public static DecoderConfig Parse(JsonElement root, string source)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{source}: the top level must be a JSON object.");
        }

        var arch = Architecture(root, source);
        var c = root.TryGetProperty("text_config", out var text) && text.ValueKind == JsonValueKind.Object ? text : root;
        var hidden = Int(c, "hidden_size", source, null);
        var heads = Int(c, "num_attention_heads", source, null);
        var hiddenAct = Str(c, "hidden_act") ?? "silu";
        if (hiddenAct != "silu")
        {
            throw new InvalidDataException($"{source}: hidden_act '{hiddenAct}' is not supported; only 'silu' is.");
        }

        var config = new DecoderConfig
        {
            Architecture = arch,
            VocabSize = Int(c, "vocab_size", source, null),
            HiddenSize = hidden,
            IntermediateSize = Int(c, "intermediate_size", source, null),
            NumHiddenLayers = Int(c, "num_hidden_layers", source, null),
            NumAttentionHeads = heads,
            NumKeyValueHeads = Int(c, "num_key_value_heads", source, heads),
            HeadDim = Int(c, "head_dim", source, heads > 0 ? hidden / heads : 0),
            RmsNormEps = Dbl(c, "rms_norm_eps", source, 1e-6),
            RopeTheta = Dbl(c, "rope_theta", source, 10000.0),
            TieWordEmbeddings = Bool(root, "tie_word_embeddings", Bool(c, "tie_word_embeddings", false)),
            AttentionBias = Bool(c, "attention_bias", false),
            MlpBias = Bool(c, "mlp_bias", false),
            EosTokenIds = Eos(c.TryGetProperty("eos_token_id", out _) ? c : root),
        };
        config.Validate();
        return config;
    }

    private static DecoderArchitecture Architecture(JsonElement root, string source)
    {
        string? name = null;
        if (root.TryGetProperty("architectures", out var a) && a.ValueKind == JsonValueKind.Array && a.GetArrayLength() > 0)
        {
            name = a[0].ValueKind == JsonValueKind.String ? a[0].GetString() : null;
        }

        return name switch
        {
            "LlamaForCausalLM" => DecoderArchitecture.Llama,
            "Qwen2ForCausalLM" => DecoderArchitecture.Qwen2,
            "Qwen3ForCausalLM" => DecoderArchitecture.Qwen3,
            _ => throw new InvalidDataException(
                $"{source}: architectures[0] '{name}' is not supported; use LlamaForCausalLM, Qwen2ForCausalLM or Qwen3ForCausalLM."),
        };
    }

    private static int Int(JsonElement e, string key, string source, int? fallback)
    {
        if (e.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null)
        {
            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
                ? i
                : throw new InvalidDataException($"{source}: {key} must be an integer.");
        }

        return fallback ?? throw new InvalidDataException($"{source}: {key} is missing.");
    }

    private static double Dbl(JsonElement e, string key, string source, double fallback) =>
        !e.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null ? fallback
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw new InvalidDataException($"{source}: {key} must be a number.");

    private static bool Bool(JsonElement e, string key, bool fallback) =>
        e.TryGetProperty(key, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : fallback;

    private static string? Str(JsonElement e, string key) =>
        e.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<long> Eos(JsonElement e)
    {
        if (!e.TryGetProperty("eos_token_id", out var v))
        {
            return [];
        }

        return v.ValueKind switch
        {
            JsonValueKind.Number when v.TryGetInt64(out var one) => [one],
            JsonValueKind.Array => [.. v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt64(out _)).Select(x => x.GetInt64())],
            _ => [],
        };
    }
}
