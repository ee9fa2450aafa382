using System.Text.Json;

namespace Tournament.Inference.ModelFiles;

/// <summary>The fields of HF <c>generation_config.json</c> the runtime uses; all optional.</summary>
public sealed record GenerationConfig
{
    /// <summary><c>bos_token_id</c>.</summary>
    public int? BosTokenId { get; init; }

    /// <summary><c>eos_token_id</c> (one id or a list).</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary><c>pad_token_id</c>.</summary>
    public int? PadTokenId { get; init; }

    /// <summary><c>do_sample</c>.</summary>
    public bool? DoSample { get; init; }

    /// <summary><c>temperature</c>.</summary>
    public double? Temperature { get; init; }

    /// <summary><c>top_p</c>.</summary>
    public double? TopP { get; init; }

    /// <summary><c>top_k</c>.</summary>
    public int? TopK { get; init; }

    /// <summary><c>max_new_tokens</c>.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>Reads generation_config.json from a folder or file; a missing file gives an empty config.</summary>
    /// <param name="path">A model folder or the file.</param>
    public static GenerationConfig Load(string path)
    {
        var file = Directory.Exists(path) ? Path.Combine(path, "generation_config.json") : path;
        if (!File.Exists(file))
        {
            return new GenerationConfig();
        }

        if (new FileInfo(file).Length > ModelConfigReader.MaxBytes)
        {
            throw new ModelConfigException(file, "(file)", "is too large to be a generation config.");
        }

        return Parse(File.ReadAllText(file), file);
    }

    /// <summary>Parses and validates generation config JSON.</summary>
    /// <param name="json">The JSON.</param>
    /// <param name="source">The file name for messages.</param>
    public static GenerationConfig Parse(string json, string source = "generation_config.json")
    {
        var doc = ModelConfigReader.ParseJson(json, source);

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ModelConfigException(source, "(root)", "must be a JSON object.");
            }

            var f = new JsonFields(source, doc.RootElement, null, string.Empty);
            return new GenerationConfig
            {
                BosTokenId = f.OptionalInt("bos_token_id", 0, int.MaxValue),
                EosTokenIds = f.IntOrIntList("eos_token_id"),
                PadTokenId = f.OptionalInt("pad_token_id", 0, int.MaxValue),
                DoSample = f.OptionalBool("do_sample"),
                Temperature = f.OptionalDouble("temperature", -1e-300, 100),
                TopP = f.OptionalDouble("top_p", 0, 1),
                TopK = f.OptionalInt("top_k", 0, int.MaxValue),
                MaxNewTokens = f.OptionalInt("max_new_tokens", 1, int.MaxValue),
            };
        }
    }
}
