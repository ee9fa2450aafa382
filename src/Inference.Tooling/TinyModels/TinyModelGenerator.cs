using System.Globalization;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Safetensors;

namespace Tournament.Inference.Tooling.TinyModels;

/// <summary>
/// Generates a deterministic HF-layout model folder: config.json, generation_config.json, model.safetensors,
/// tokenizer.json and tokenizer_config.json. Every weight matrix, embedding and bias is InitStd × N(0,1) from a
/// per-tensor <see cref="SplitMix64"/> stream seeded with <c>StreamSeeds.Derive(seed, "init", name)</c>, rounded to float32
/// then to the dtype; RMS-norm weights are 1 (Qwen3.5: see <see cref="Qwen35Generator.Initial"/>). Same spec → byte-identical files on every OS.
/// </summary>
public static class TinyModelGenerator
{
    /// <summary>Generates the folder (it must be absent or empty).</summary>
    /// <param name="spec">What to generate.</param>
    /// <param name="outputFolder">The target folder.</param>
    /// <returns>The written config.</returns>
    public static ModelConfig Generate(TinyModelSpec spec, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        if (!DTypeConversions.IsFloat(spec.DType) || spec.DType == SafetensorsDType.F64)
        {
            throw new ArgumentException($"dtype {spec.DType} is not supported for generated models; use F32, BF16 or F16.", nameof(spec));
        }

        var (vocabFromTokenizer, eosId) = spec.TokenizerFolder is null
            ? (TinyTokenizer.VocabSize, TinyTokenizer.EndOfTextId)
            : TokenizerFacts.Read(Path.Combine(spec.TokenizerFolder, "tokenizer.json"), TokenizerFacts.EosToken(Path.Combine(spec.TokenizerFolder, "tokenizer_config.json")));
        var config = BuildConfig(spec, spec.VocabSize ?? vocabFromTokenizer, eosId);
        ModelDerivation.PrepareEmptyTarget(outputFolder);
        WriteTokenizer(spec, outputFolder);
        File.WriteAllText(Path.Combine(outputFolder, "config.json"), config.ToJson());
        File.WriteAllText(Path.Combine(outputFolder, "generation_config.json"), GenerationJson(eosId));

        var writer = new SafetensorsWriter().SetMetadata("format", "pt");
        var hybrid = config.Hybrid is not null;
        foreach (var (name, shape, isNorm) in hybrid ? Qwen35Generator.Tensors(config) : TinyModelLayout.Tensors(config))
        {
            var elements = shape.Aggregate(1L, (a, d) => a * d);
            writer.Add(name, spec.DType, shape, stream => WriteValues(stream, spec, name, elements, isNorm, hybrid));
        }

        writer.Write(Path.Combine(outputFolder, "model.safetensors"));
        return config;
    }

    private static ModelConfig BuildConfig(TinyModelSpec spec, int vocab, int? eosId)
    {
        if (spec.Heads <= 0 || spec.HiddenSize % spec.Heads != 0)
        {
            throw new ArgumentException($"hidden size {spec.HiddenSize} must be a positive multiple of the head count {spec.Heads}.", nameof(spec));
        }

        var draft = new ModelConfig
        {
            Architecture = spec.Architecture,
            ArchitectureClass = ModelArchitectures.ClassName(spec.Architecture),
            ModelType = ModelArchitectures.ModelType(spec.Architecture),
            HiddenSize = spec.HiddenSize,
            IntermediateSize = spec.IntermediateSize,
            NumHiddenLayers = spec.Layers,
            NumAttentionHeads = spec.Heads,
            NumKeyValueHeads = spec.KvHeads,
            HeadDim = spec.HiddenSize / spec.Heads,
            RmsNormEps = 1e-6,
            RopeTheta = 10000,
            VocabSize = vocab,
            TieWordEmbeddings = spec.TieWordEmbeddings,
            MaxPositionEmbeddings = 2048,
            AttentionBias = spec.Architecture == ModelArchitecture.Qwen2,
            TorchDType = spec.DType switch { SafetensorsDType.BF16 => "bfloat16", SafetensorsDType.F16 => "float16", _ => "float32" },
            EosTokenIds = eosId is { } e ? [e] : [],
            RawJson = string.Empty,
            Hybrid = ModelArchitectures.IsHybrid(spec.Architecture) ? Qwen35Generator.Hybrid(spec, spec.HiddenSize / spec.Heads) : null,
        };

        // Round-trip through the parser so generated configs obey exactly the validation real ones do.
        try
        {
            return ModelConfig.Parse(draft.ToJson(), "generated config.json");
        }
        catch (ModelConfigException ex)
        {
            throw new ArgumentException($"The requested model is invalid: {ex.Message}", nameof(spec), ex);
        }
    }

    private static void WriteTokenizer(TinyModelSpec spec, string folder)
    {
        var tokenizerJson = Path.Combine(folder, "tokenizer.json");
        var tokenizerConfig = Path.Combine(folder, "tokenizer_config.json");
        if (spec.TokenizerFolder is null)
        {
            File.WriteAllText(tokenizerJson, TinyTokenizer.TokenizerJson());
            File.WriteAllText(tokenizerConfig, TinyTokenizer.TokenizerConfigJson());
            return;
        }

        File.Copy(Path.Combine(spec.TokenizerFolder, "tokenizer.json"), tokenizerJson, overwrite: true);
        var sourceConfig = Path.Combine(spec.TokenizerFolder, "tokenizer_config.json");
        if (File.Exists(sourceConfig))
        {
            File.Copy(sourceConfig, tokenizerConfig, overwrite: true);
        }
    }

    private static string GenerationJson(int? eosId)
    {
        var eos = eosId is { } id ? string.Create(CultureInfo.InvariantCulture, $"  \"eos_token_id\": {id},\n") : string.Empty;
        return "{\n" + eos + "  \"do_sample\": true,\n  \"temperature\": 1.0,\n  \"top_p\": 1.0\n}\n";
    }

    private static void WriteValues(Stream stream, TinyModelSpec spec, string name, long elements, bool isNorm, bool hybrid)
    {
        var random = new SplitMix64(StreamSeeds.Derive(spec.Seed, "init", name));
        var values = new float[Math.Min(elements, 1 << 16)];
        var bytes = new byte[values.Length * SafetensorsDTypes.SizeOf(spec.DType)];
        for (long done = 0; done < elements; done += values.Length)
        {
            var count = (int)Math.Min(values.Length, elements - done);
            for (var i = 0; i < count; i++)
            {
                values[i] = !isNorm ? (float)(spec.InitStd * random.NextNormal()) : hybrid ? Qwen35Generator.Initial(name, random) : 1f;
            }

            var size = count * SafetensorsDTypes.SizeOf(spec.DType);
            DTypeConversions.FromFloat32(values.AsSpan(0, count), spec.DType, bytes.AsSpan(0, size));
            stream.Write(bytes, 0, size);
        }
    }
}
