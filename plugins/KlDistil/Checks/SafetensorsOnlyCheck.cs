using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Weights only as safetensors: any pickle/TF/flax/GGUF/ONNX weight file anywhere rejects the model.</summary>
[Component("safetensors-only", Description = "Rejects .bin/.pt/.pth/.ckpt/.h5/.msgpack/.gguf/.onnx files; requires at least one .safetensors.")]
internal sealed class SafetensorsOnlyCheck : IAntiCheatCheck
{
    public const string Name = "safetensors-only";

    public CheckStage Stage => CheckStage.Metadata;

    public Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var forbidden = context.Description.Files
            .Where(f => ModelMetadata.ForbiddenWeightExtensions.Any(e => f.Path.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Select(f => f.Path)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (forbidden.Count > 0)
        {
            return Task.FromResult(CheckOutcome.Disqualify(Name, $"The model contains non-safetensors weight files ({string.Join(", ", forbidden.Take(5))}{(forbidden.Count > 5 ? ", …" : "")}); publish safetensors only and remove them."));
        }

        return Task.FromResult(context.Description.Files.Any(f => ModelMetadata.IsSafetensors(f.Path))
            ? CheckOutcome.Pass()
            : CheckOutcome.Disqualify(Name, "The model has no .safetensors file; weights must be published as safetensors."));
    }
}
