using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;

namespace Tournament.Plugins.KlDistil.Checks;

/// <summary>
/// Resource bounds first (file count, config.json size, from the file list), then every safetensors header parses
/// strictly (contiguous, in-range offsets matching dtype × shape), is within the header-size bound, the tensors in all
/// are within the tensor-count bound, and each file's size is header + data. Nothing is downloaded but the headers.
/// </summary>
[Component("header-integrity", Options = typeof(HeaderIntegrityOptions), Description = "Bounded file count, config size, header size and tensor count; strict safetensors header parse; file size equals header + data.")]
internal sealed class HeaderIntegrityCheck(HeaderIntegrityOptions options) : IAntiCheatCheck
{
    public const string Name = "header-integrity";

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Bounds(context.Description) is { } tooBig)
        {
            return tooBig;
        }

        var (headers, stop) = await ModelMetadata.ReadHeadersAsync(context, Name, cancellationToken).ConfigureAwait(false);
        if (stop is not null)
        {
            return stop;
        }

        long tensors = 0;
        foreach (var (file, header) in headers)
        {
            if (header.HeaderLength > options.MaxHeaderBytes)
            {
                return CheckOutcome.Disqualify(Name, $"{file.Path} has a {header.HeaderLength:N0}-byte safetensors header; at most {options.MaxHeaderBytes:N0} bytes are accepted (Components:header-integrity:MaxHeaderBytes).");
            }

            tensors += header.Tensors.Count;
            if (tensors > options.MaxTensors)
            {
                return CheckOutcome.Disqualify(Name, $"The model holds more than {options.MaxTensors:N0} tensors (reached at {file.Path}); at most {options.MaxTensors:N0} are accepted (Components:header-integrity:MaxTensors).");
            }

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

    private CheckOutcome? Bounds(ModelDescription description)
    {
        if (description.Files.Count > options.MaxFiles)
        {
            return CheckOutcome.Disqualify(Name, $"The model repository has {description.Files.Count:N0} files; at most {options.MaxFiles:N0} are accepted (Components:header-integrity:MaxFiles).");
        }

        if (ModelMetadata.Find(description, "config.json") is { } config && config.Size > options.MaxConfigBytes)
        {
            return CheckOutcome.Disqualify(Name, $"config.json is {config.Size:N0} bytes; at most {options.MaxConfigBytes:N0} are accepted (Components:header-integrity:MaxConfigBytes).");
        }

        return null;
    }
}
