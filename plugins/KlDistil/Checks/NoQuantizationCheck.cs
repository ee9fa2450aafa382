using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Full-precision weights only: <c>quantization_config</c> in config.json or any header dtype outside {BF16, F16, F32} rejects.</summary>
[Component("no-quantization", Description = "Rejects quantization_config and any tensor dtype outside BF16/F16/F32, read from the safetensors headers.")]
internal sealed class NoQuantizationCheck : IAntiCheatCheck
{
    public const string Name = "no-quantization";

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (ModelMetadata.Find(context.Description, "config.json") is not null)
        {
            var (doc, outcome) = await ModelMetadata.ReadJsonAsync(context, "config.json", Name, cancellationToken).ConfigureAwait(false);
            if (outcome is not null)
            {
                return outcome;
            }

            using (doc)
            {
                if (ModelMetadata.ContainsKey(doc!.RootElement, "quantization_config"))
                {
                    return CheckOutcome.Disqualify(Name, "config.json has a quantization_config; quantized students are not allowed, publish BF16/F16/F32 weights.");
                }
            }
        }

        // The headers are the truth: a config claiming bf16 over int8 tensors is still rejected.
        var (headers, stop) = await ModelMetadata.ReadHeadersAsync(context, Name, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        foreach (var (file, header) in headers)
        {
            var bad = header.Tensors.FirstOrDefault(t => !SafetensorsDTypes.IsUnquantizedFloat(t.DType));
            if (bad is not null)
            {
                return CheckOutcome.Disqualify(Name, $"Tensor '{bad.Name}' in {file.Path} is {bad.DType}; only BF16, F16 and F32 weights are allowed.");
            }
        }

        return CheckOutcome.Pass();
    }
}
