using System.ComponentModel.DataAnnotations;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>Options of <c>architecture-lock</c> (section <c>Components:architecture-lock</c>).</summary>
public sealed class ArchitectureLockOptions : IValidatableObject
{
    /// <summary>The config.json keys locked besides <c>architectures</c> (spec defaults), read at the top level or in <c>text_config</c>.</summary>
    public static IReadOnlyList<string> DefaultKeys { get; } =
    [
        "vocab_size", "model_type", "max_position_embeddings", "tie_word_embeddings", "rope_theta", "hidden_size",
        "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "intermediate_size", "head_dim",
    ];

    /// <summary>Locked keys; empty means <see cref="DefaultKeys"/>.</summary>
    /// <remarks>Empty by default because configuration binding appends to, rather than replaces, a pre-filled list.</remarks>
    public IList<string> Keys { get; } = new List<string>();

    /// <summary>
    /// A config.json (relative to the configuration file) whose architecture is locked while no king's architecture is
    /// on record (no king yet, or a king seated before this check ran). Without it the first model sets the lock.
    /// </summary>
    public string? ReferenceConfig { get; set; }

    /// <summary>The keys in force.</summary>
    public IReadOnlyList<string> Effective => Keys.Count == 0 ? DefaultKeys : Keys.ToList();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Keys.Any(string.IsNullOrWhiteSpace) || Keys.Distinct(StringComparer.Ordinal).Count() != Keys.Count)
        {
            yield return new ValidationResult("Keys must be distinct, non-empty config.json key names.", [nameof(Keys)]);
        }

        if (Keys.Contains("architectures", StringComparer.Ordinal))
        {
            yield return new ValidationResult("Keys must not list 'architectures'; it is always locked.", [nameof(Keys)]);
        }
    }
}
