using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>
/// <c>architectures</c> in config.json must be non-empty and every entry in the allowlist; then config.json and the
/// safetensors headers must be what the loader accepts (<see cref="CheckpointLayout"/>, the loader's own validation),
/// so a model this check passes is never <c>load-failed</c> for its config or its tensor layout.
/// </summary>
[Component("architecture", Options = typeof(ArchitectureOptions), Description = "config.json architectures must be in the Allowed list; config and tensor layout must be what the loader accepts.")]
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

        string json;
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

            json = root.GetRawText();
        }

        return await LoadableAsync(context, json, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CheckOutcome> LoadableAsync(CheckContext context, string json, CancellationToken cancellationToken)
    {
        DecoderConfig config;
        try
        {
            config = CheckpointLayout.ValidateConfig(ModelConfig.Parse(json));
        }
        catch (Exception ex) when (ex is ModelConfigException or InvalidDataException)
        {
            return CheckOutcome.Disqualify(ReasonCodes.LoadFailed, $"The loader refuses config.json: {ex.Message}");
        }

        var (headers, stop) = await ModelMetadata.ReadHeadersAsync(context, ReasonCodes.LoadFailed, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        try
        {
            CheckpointLayout.ValidateHeaders(config, headers.SelectMany(h => h.Header.Tensors), context.Submission.Model.ToString());
        }
        catch (InvalidDataException ex)
        {
            return CheckOutcome.Disqualify(ReasonCodes.LoadFailed, $"The loader refuses the weights: {ex.Message}");
        }

        return CheckOutcome.Pass();
    }

    private static string Clip(string? text) => text is null ? "" : text.Length <= 80 ? text : text[..80] + "…";
}
