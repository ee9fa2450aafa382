using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models.Hybrid;
using Tournament.Inference.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>
/// What <see cref="DecoderModel.FromPretrained(string, ScalarType, Device)"/> refuses, decided from <c>config.json</c>
/// and the safetensors headers alone. The loader runs this same validation before it copies a byte, and a check runs it
/// on headers read through a storage backend, so a model the checks pass is never refused by the loader for its config
/// or its tensor layout (issue 16: one validation, not two).
/// </summary>
public static class CheckpointLayout
{
    private static readonly string[] IgnoredSuffixes = [".rotary_emb.inv_freq"];

    /// <summary>The decoder configuration the loader would build, or the loader's refusal.</summary>
    /// <param name="config">The parsed config.json.</param>
    /// <exception cref="ModelConfigException">The config asks for something the decoder cannot run.</exception>
    /// <exception cref="InvalidDataException">The numbers disagree with each other.</exception>
    public static DecoderConfig ValidateConfig(ModelConfig config) => DecoderConfig.From(config);

    /// <summary>
    /// Stored keys the decoder deliberately does not load: a tied model's <c>lm_head.weight</c>, and in a hybrid
    /// (Qwen3.5) checkpoint the vision tower and multi-token-prediction tensors.
    /// </summary>
    /// <param name="config">The decoder configuration.</param>
    /// <param name="storedNames">The names of every stored tensor.</param>
    public static IReadOnlySet<string> IgnoredKeys(DecoderConfig config, IEnumerable<string> storedNames)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(storedNames);

        // With tied embeddings HF ignores a stored lm_head.weight and uses the embedding matrix; so do we.
        var ignored = config.TieWordEmbeddings ? new HashSet<string>(["lm_head.weight"], StringComparer.Ordinal) : new HashSet<string>(StringComparer.Ordinal);
        if (config.IsHybrid)
        {
            ignored.UnionWith(storedNames.Where(HybridCheckpoint.IsSkipped));
        }

        return ignored;
    }

    /// <summary>Checks stored tensors (headers only) against the parameters the config implies, as the loader will.</summary>
    /// <param name="config">The decoder configuration.</param>
    /// <param name="stored">Every tensor of every weight file.</param>
    /// <param name="where">The folder or model named in messages.</param>
    /// <exception cref="InvalidDataException">One sentence naming the tensor.</exception>
    public static void ValidateHeaders(DecoderConfig config, IEnumerable<SafetensorsTensorInfo> stored, string where)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stored);
        var tensors = stored.ToList();
        if (config.IsHybrid)
        {
            // The weights decide the layout, as in the loader: conditional-generation wrapper or plain causal LM.
            config = config with { WrappedLayout = tensors.Any(t => t.Name.StartsWith(HybridCheckpoint.LanguageModelPrefix, StringComparison.Ordinal)) };
        }

        TorchRuntime.EnsureLoaded();
        using var meta = DecoderModel.Create(config, ScalarType.BFloat16, new Device(DeviceType.META));
        var expected = meta.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape, StringComparer.Ordinal);
        Validate(expected, tensors, IgnoredKeys(config, tensors.Select(t => t.Name)), where);
    }

    /// <summary>Checks stored tensors against the expected parameter shapes: no unexpected or missing tensor, equal shapes, float dtypes.</summary>
    /// <param name="expected">Parameter name → shape.</param>
    /// <param name="stored">The stored tensors.</param>
    /// <param name="ignoredKeys">Stored keys deliberately not loaded.</param>
    /// <param name="where">The folder or model named in messages.</param>
    /// <exception cref="InvalidDataException">One sentence naming the tensor.</exception>
    public static void Validate(IReadOnlyDictionary<string, long[]> expected, IEnumerable<SafetensorsTensorInfo> stored, IReadOnlySet<string> ignoredKeys, string where)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(ignoredKeys);
        var byName = new Dictionary<string, SafetensorsTensorInfo>(StringComparer.Ordinal);
        foreach (var tensor in stored)
        {
            if (!byName.TryAdd(tensor.Name, tensor))
            {
                throw new InvalidDataException($"Checkpoint in '{where}' stores tensor '{tensor.Name}' twice; every tensor must be in exactly one file.");
            }
        }

        var extra = byName.Keys
            .Where(k => !expected.ContainsKey(k) && !ignoredKeys.Contains(k) && !IgnoredSuffixes.Any(s => k.EndsWith(s, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (extra.Count > 0)
        {
            throw new InvalidDataException(
                $"Checkpoint in '{where}' has unexpected tensor '{extra[0]}'{(extra.Count > 1 ? $" (and {extra.Count - 1} more)" : string.Empty)} that the architecture in config.json does not use; check config.json matches the weights.");
        }

        foreach (var (name, shape) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!byName.TryGetValue(name, out var tensor))
            {
                throw new InvalidDataException($"Checkpoint in '{where}' is missing tensor '{name}' that config.json implies; check config.json matches the weights.");
            }

            if (!shape.SequenceEqual(tensor.Shape))
            {
                throw new InvalidDataException($"Tensor '{name}' in '{where}' has shape [{string.Join(", ", tensor.Shape)}] but config.json implies [{string.Join(", ", shape)}].");
            }

            if (tensor.DType is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64))
            {
                throw new InvalidDataException($"Tensor '{name}' has dtype {tensor.DType}; only F32, F16, BF16 and F64 weights are supported.");
            }
        }
    }
}
