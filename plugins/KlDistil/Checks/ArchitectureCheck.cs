using System.Text.Json;
using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary><c>architectures</c> in config.json must be non-empty and every entry in the allowlist.</summary>
[Component("architecture", Options = typeof(ArchitectureOptions), Description = "config.json architectures must be in the Allowed list.")]
internal sealed class ArchitectureCheck(ArchitectureOptions options) : IAntiCheatCheck
{
    public const string Name = "architecture";

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ModelMetadata.Find(context.Description, "config.json") is null)
        {
            return CheckOutcome.Disqualify(Name, "The model has no config.json; add the Hugging Face config with its architectures.");
        }

        var (doc, outcome) = await ModelMetadata.ReadJsonAsync(context, "config.json", Name, cancellationToken).ConfigureAwait(false);
        if (outcome is not null)
        {
            return outcome;
        }

        using (doc)
        {
            var root = doc!.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("architectures", out var list) || list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
            {
                return CheckOutcome.Disqualify(Name, "config.json has no \"architectures\" list; add one naming a supported architecture.");
            }

            foreach (var entry in list.EnumerateArray())
            {
                var name = entry.ValueKind == JsonValueKind.String ? entry.GetString() : entry.GetRawText();
                if (name is null || !options.Effective.Contains(name, StringComparer.Ordinal))
                {
                    return CheckOutcome.Disqualify(Name, $"Architecture '{Clip(name)}' is not allowed; use one of {string.Join(", ", options.Effective)}.");
                }
            }
        }

        return CheckOutcome.Pass();
    }

    private static string Clip(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
