using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;

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
        if (ModelMetadata.FindPython(context.Description) is { } python)
        {
            return CheckOutcome.Disqualify(Name, $"The model contains Python code ({python.Path}); custom code is not allowed, remove it.");
        }

        return await ModelMetadata.FindKeyInConfigsAsync(context, "auto_map", Name, path => $"{path} has an auto_map (custom code); remove it and use a supported architecture.", cancellationToken).ConfigureAwait(false)
            ?? CheckOutcome.Pass();
    }
}
