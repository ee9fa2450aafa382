namespace Tournament.Inference.ModelFiles;

/// <summary>The decoder families the runtime supports.</summary>
public enum ModelArchitecture
{
    /// <summary>LlamaForCausalLM.</summary>
    Llama,

    /// <summary>Qwen2ForCausalLM (q/k/v projection biases).</summary>
    Qwen2,

    /// <summary>Qwen3ForCausalLM (per-head q/k RMS norms).</summary>
    Qwen3,
}

/// <summary>Maps HF <c>architectures[0]</c> class names to <see cref="ModelArchitecture"/>.</summary>
public static class ModelArchitectures
{
    private static readonly Dictionary<string, ModelArchitecture> ByClass = new(StringComparer.Ordinal)
    {
        ["LlamaForCausalLM"] = ModelArchitecture.Llama,
        ["Qwen2ForCausalLM"] = ModelArchitecture.Qwen2,
        ["Qwen3ForCausalLM"] = ModelArchitecture.Qwen3,
    };

    /// <summary>The HF class names supported.</summary>
    public static IReadOnlyCollection<string> SupportedClasses => ByClass.Keys;

    /// <summary>Looks up a class name.</summary>
    /// <param name="className">e.g. <c>Qwen3ForCausalLM</c>.</param>
    /// <param name="architecture">The family when supported.</param>
    public static bool TryParse(string? className, out ModelArchitecture architecture)
    {
        architecture = default;
        return className is not null && ByClass.TryGetValue(className, out architecture);
    }

    /// <summary>The HF class name.</summary>
    /// <param name="architecture">The family.</param>
    public static string ClassName(ModelArchitecture architecture) => architecture switch
    {
        ModelArchitecture.Llama => "LlamaForCausalLM",
        ModelArchitecture.Qwen2 => "Qwen2ForCausalLM",
        ModelArchitecture.Qwen3 => "Qwen3ForCausalLM",
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    /// <summary>The HF <c>model_type</c>.</summary>
    /// <param name="architecture">The family.</param>
    public static string ModelType(ModelArchitecture architecture) => architecture switch
    {
        ModelArchitecture.Llama => "llama",
        ModelArchitecture.Qwen2 => "qwen2",
        ModelArchitecture.Qwen3 => "qwen3",
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };
}
