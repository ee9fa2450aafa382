using Tournament.Abstractions;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>Every safetensors header parses strictly (contiguous, in-range offsets matching dtype × shape) and the file size is header + data.</summary>
[Component("header-integrity", Description = "Strict safetensors header parse; offsets contiguous; file size equals header + data.")]
internal sealed class HeaderIntegrityCheck : IAntiCheatCheck
{
    public const string Name = "header-integrity";

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (headers, stop) = await ModelMetadata.ReadHeadersAsync(context, Name, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        foreach (var (file, header) in headers)
        {
            if (header.FileLength != file.Size)
            {
                return CheckOutcome.Disqualify(Name, $"{file.Path} is {file.Size} bytes but its header describes {header.FileLength} (8 + {header.HeaderLength} header + {header.DataLength} data); re-export the file.");
            }

            if (header.Tensors.Count == 0)
            {
                return CheckOutcome.Disqualify(Name, $"{file.Path} holds no tensors; remove it or export the weights into it.");
            }
        }

        return CheckOutcome.Pass();
    }
}
