using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>No custom code: any .py file or an <c>auto_map</c> in a config JSON rejects. Nothing is ever executed.</summary>
[Component("no-remote-code", Description = "Rejects any .py file and any auto_map in config.json, tokenizer_config.json or other *config.json.")]
internal sealed class NoRemoteCodeCheck : IAntiCheatCheck
{
    public const string Name = "no-remote-code";

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var python = context.Description.Files.FirstOrDefault(f => f.Path.EndsWith(".py", StringComparison.OrdinalIgnoreCase) || f.Path.EndsWith(".pyc", StringComparison.OrdinalIgnoreCase));
        if (python is not null)
        {
            return CheckOutcome.Disqualify(Name, $"The model contains Python code ({python.Path}); custom code is not allowed, remove it.");
        }

        var configs = context.Description.Files
            .Where(f => ModelMetadata.FileName(f.Path).EndsWith("config.json", StringComparison.OrdinalIgnoreCase))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();
        foreach (var file in configs)
        {
            if (file.Size > ModelMetadata.MaxJsonBytes)
            {
                return CheckOutcome.Disqualify(Name, $"{file.Path} is {file.Size} bytes; a config file may hold at most {ModelMetadata.MaxJsonBytes}.");
            }

            var (doc, outcome) = await ModelMetadata.ReadJsonAsync(context, file.Path, Name, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }

            using (doc)
            {
                if (ModelMetadata.ContainsKey(doc!.RootElement, "auto_map"))
                {
                    return CheckOutcome.Disqualify(Name, $"{file.Path} has an auto_map (custom code); remove it and use a supported architecture.");
                }
            }
        }

        return CheckOutcome.Pass();
    }
}
