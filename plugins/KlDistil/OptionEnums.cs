namespace Tournament.Plugins.KlDistil;

/// <summary>Where the <c>kl-divergence</c> teacher runs (configuration: <c>"local"</c> or <c>"openai"</c>, any case).</summary>
public enum TeacherBackendKind
{
    /// <summary>The project's runtime, in process.</summary>
    Local,

    /// <summary>A remote OpenAI-compatible <c>/v1/completions</c> server (top-k log-probabilities only).</summary>
    OpenAI,
}

/// <summary>Which distribution the KL compares (configuration: <c>"sparse"</c> or <c>"dense"</c>).</summary>
public enum KlMode
{
    /// <summary>The teacher's top-k, renormalised on both sides.</summary>
    Sparse,

    /// <summary>The full vocabulary, float32.</summary>
    Dense,
}

/// <summary>The dtype a model is loaded in (configuration: <c>"f32"</c>, <c>"bf16"</c> or <c>"f16"</c>).</summary>
public enum ModelDtype
{
    /// <summary>float32.</summary>
    F32,

    /// <summary>bfloat16.</summary>
    BF16,

    /// <summary>float16.</summary>
    F16,
}

/// <summary>Conversions of the option enums.</summary>
public static class OptionEnums
{
    /// <summary>The runtime's name of the dtype (<c>f32</c>, <c>bf16</c>, <c>f16</c>).</summary>
    /// <param name="dtype">The dtype.</param>
    public static string RuntimeName(this ModelDtype dtype) => dtype switch
    {
        ModelDtype.F32 => "f32",
        ModelDtype.BF16 => "bf16",
        ModelDtype.F16 => "f16",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>A validation sentence when <paramref name="value"/> is not a named member (a number bound from configuration).</summary>
    internal static System.ComponentModel.DataAnnotations.ValidationResult? Undefined<T>(T value, string member)
        where T : struct, Enum =>
        Enum.IsDefined(value)
            ? null
            : new($"{member} '{value}' is not supported; use {string.Join(" or ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.", [member]);
}
