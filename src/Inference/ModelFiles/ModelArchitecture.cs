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

    /// <summary>Qwen3.5 dense: Qwen3_5ForConditionalGeneration / Qwen3_5ForCausalLM (Gated DeltaNet + gated attention).</summary>
    Qwen35,

    /// <summary>Qwen3.5 MoE: Qwen3_5MoeForConditionalGeneration / Qwen3_5MoeForCausalLM (hybrid attention, sparse MoE).</summary>
    Qwen35Moe,
}

/// <summary>Maps HF <c>architectures[0]</c> class names to <see cref="ModelArchitecture"/>.</summary>
public static class ModelArchitectures
{
    private static readonly Dictionary<string, ModelArchitecture> ByClass = new(StringComparer.Ordinal)
    {
        ["LlamaForCausalLM"] = ModelArchitecture.Llama,
        ["Qwen2ForCausalLM"] = ModelArchitecture.Qwen2,
        ["Qwen3ForCausalLM"] = ModelArchitecture.Qwen3,
        ["Qwen3_5ForConditionalGeneration"] = ModelArchitecture.Qwen35,
        ["Qwen3_5ForCausalLM"] = ModelArchitecture.Qwen35,
        ["Qwen3_5MoeForConditionalGeneration"] = ModelArchitecture.Qwen35Moe,
        ["Qwen3_5MoeForCausalLM"] = ModelArchitecture.Qwen35Moe,
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

    /// <summary>True for the Qwen3.5 hybrid (linear + full attention) families.</summary>
    /// <param name="architecture">The family.</param>
    public static bool IsHybrid(ModelArchitecture architecture) => architecture is ModelArchitecture.Qwen35 or ModelArchitecture.Qwen35Moe;

    /// <summary>The HF class name (for Qwen3.5, the published conditional-generation wrapper).</summary>
    /// <param name="architecture">The family.</param>
    public static string ClassName(ModelArchitecture architecture) => architecture switch
    {
        ModelArchitecture.Llama => "LlamaForCausalLM",
        ModelArchitecture.Qwen2 => "Qwen2ForCausalLM",
        ModelArchitecture.Qwen3 => "Qwen3ForCausalLM",
        ModelArchitecture.Qwen35 => "Qwen3_5ForConditionalGeneration",
        ModelArchitecture.Qwen35Moe => "Qwen3_5MoeForConditionalGeneration",
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };

    /// <summary>The HF <c>model_type</c>.</summary>
    /// <param name="architecture">The family.</param>
    public static string ModelType(ModelArchitecture architecture) => architecture switch
    {
        ModelArchitecture.Llama => "llama",
        ModelArchitecture.Qwen2 => "qwen2",
        ModelArchitecture.Qwen3 => "qwen3",
        ModelArchitecture.Qwen35 => "qwen3_5",
        ModelArchitecture.Qwen35Moe => "qwen3_5_moe",
        _ => throw new ArgumentOutOfRangeException(nameof(architecture)),
    };
}
