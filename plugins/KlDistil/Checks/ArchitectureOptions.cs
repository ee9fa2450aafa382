using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Options of <c>architecture</c>.</summary>
public sealed class ArchitectureOptions : IValidatableObject
{
    /// <summary>The allowlist used when <see cref="Allowed"/> is empty: the decoders the runtime supports.</summary>
    public static IReadOnlyList<string> Defaults { get; } =
    [
        "Qwen3ForCausalLM", "Qwen2ForCausalLM", "LlamaForCausalLM",
        "Qwen3_5ForConditionalGeneration", "Qwen3_5ForCausalLM", "Qwen3_5MoeForConditionalGeneration", "Qwen3_5MoeForCausalLM",
    ];

    /// <summary>Accepted values of <c>architectures</c> in config.json; empty means <see cref="Defaults"/>.</summary>
    /// <remarks>Empty by default because configuration binding appends to, rather than replaces, a pre-filled list.</remarks>
    public IList<string> Allowed { get; } = new List<string>();

    /// <summary>The allowlist in force.</summary>
    public IReadOnlyList<string> Effective => Allowed.Count == 0 ? Defaults : Allowed.ToList();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Allowed.Any(string.IsNullOrWhiteSpace))
        {
            yield return new ValidationResult("Allowed must not contain empty architecture names.", [nameof(Allowed)]);
        }
    }
}
