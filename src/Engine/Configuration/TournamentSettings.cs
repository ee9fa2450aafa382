using System.ComponentModel.DataAnnotations;

namespace Tournament.Engine.Configuration;

/// <summary>The <c>Tournament</c> section of the configuration.</summary>
public sealed class TournamentSettings : IValidatableObject
{
    /// <summary>The embedded chain used when none is configured.</summary>
    public const string DefaultChain = "local-chain";

    /// <summary>The embedded state store used when none is configured.</summary>
    public const string DefaultState = "sqlite";

    /// <summary>The embedded storage backend used when none is configured.</summary>
    public const string DefaultStorage = "local";

    /// <summary>The default of <see cref="ComponentErrorRounds"/>.</summary>
    public const int DefaultComponentErrorRounds = 3;

    /// <summary>
    /// A component that throws on a submission defers it; after this many consecutive rounds of that, the submission is
    /// disqualified with <c>component-error</c>. 1 to 1000; default 3.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Tournament:ComponentErrorRounds must be a whole number from 1 to 1000.")]
    public int ComponentErrorRounds { get; init; } = DefaultComponentErrorRounds;

    /// <summary>The active mode: the name of an entry of <see cref="Modes"/>.</summary>
    [Required(ErrorMessage = "Required: name the active mode, one of the entries of Tournament:Modes.")]
    public string? Mode { get; init; }

    /// <summary>The plugins folder, relative to the configuration file's folder; default <c>&lt;engine folder&gt;/plugins</c>.</summary>
    public string? PluginsPath { get; init; }

    /// <summary>An allowlist of plugin folder names; null loads every folder found.</summary>
    public IReadOnlyList<string>? Plugins { get; init; }

    /// <summary>Reload plugins when their files change (applied between rounds).</summary>
    public bool HotReload { get; init; } = true;

    /// <summary>A writable folder for state and caches, relative to the configuration file's folder.</summary>
    public string DataDirectory { get; init; } = ".tournament";

    /// <summary>The chain component.</summary>
    public string Chain { get; init; } = DefaultChain;

    /// <summary>The state store component.</summary>
    public string State { get; init; } = DefaultState;

    /// <summary>Model storage backends in order; default <c>["local"]</c>.</summary>
    public IReadOnlyList<string>? Storage { get; init; }

    /// <summary>The storage backend that publishes artifacts, or null for none.</summary>
    public string? Artifacts { get; init; }

    /// <summary>The named compositions.</summary>
    [Required(ErrorMessage = "Required: define at least one mode under Tournament:Modes.")]
    public IReadOnlyDictionary<string, ModeSettings>? Modes { get; init; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Modes is { Count: 0 })
        {
            yield return new ValidationResult("Define at least one mode under Tournament:Modes.", [nameof(Modes)]);
        }
        else if (Mode is not null && Modes is not null && !Modes.ContainsKey(Mode))
        {
            yield return new ValidationResult(
                $"No mode named '{Mode}'; available: {string.Join(", ", Modes.Keys.Order(StringComparer.Ordinal))}.",
                [nameof(Mode)]);
        }

        if (Storage is { Count: 0 })
        {
            yield return new ValidationResult("List at least one storage backend (for example [\"local\"]).", [nameof(Storage)]);
        }
    }
}

/// <summary>One named composition under <c>Tournament:Modes</c>. Chain, state and storage override the top-level ones.</summary>
public sealed class ModeSettings : IValidatableObject
{
    /// <summary>The prompt source component.</summary>
    [Required(ErrorMessage = "Required: name the mode's prompt source component.")]
    public string? PromptSource { get; init; }

    /// <summary>The scorer component.</summary>
    [Required(ErrorMessage = "Required: name the mode's scorer component.")]
    public string? Scorer { get; init; }

    /// <summary>The king rule component.</summary>
    [Required(ErrorMessage = "Required: name the mode's king rule component.")]
    public string? KingRule { get; init; }

    /// <summary>The anti-cheat checks, in order.</summary>
    public IReadOnlyList<string>? Checks { get; init; }

    /// <summary>How rounds pick candidates and prompt seeds; default: every submission on one per-round prompt set.</summary>
    public ScheduleSettings Schedule { get; init; } = new();

    /// <summary>The weight policy component, or null to set the king rule's weights unchanged.</summary>
    public string? WeightPolicy { get; init; }

    /// <summary>Overrides <see cref="TournamentSettings.Chain"/>.</summary>
    public string? Chain { get; init; }

    /// <summary>Overrides <see cref="TournamentSettings.State"/>.</summary>
    public string? State { get; init; }

    /// <summary>Overrides <see cref="TournamentSettings.Storage"/>.</summary>
    public IReadOnlyList<string>? Storage { get; init; }

    /// <summary>Overrides <see cref="TournamentSettings.Artifacts"/>.</summary>
    public string? Artifacts { get; init; }

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Storage is { Count: 0 })
        {
            yield return new ValidationResult("List at least one storage backend, or leave Storage out to use the top-level one.", [nameof(Storage)]);
        }

        var duplicates = (Checks ?? []).GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            yield return new ValidationResult($"Check(s) listed twice: {string.Join(", ", duplicates)}.", [nameof(Checks)]);
        }
    }
}
