using Tournament.Abstractions;
using Tournament.Inference.Models;
using Tournament.Inference.Safetensors;
using static TorchSharp.torch;

namespace Tournament.Inference.Training;

/// <summary>
/// Writes a model's parameters as an HF-layout folder: <c>model.safetensors</c> (checkpoint keys, the parameter dtype,
/// <c>format: pt</c> metadata) plus the base folder's other files (config.json, tokenizer, generation config,
/// template), so <see cref="DecoderModel.FromPretrained(string, string, string)"/> loads it back.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>Saves <paramref name="model"/> into <paramref name="outputFolder"/> (created; existing weights replaced).</summary>
    /// <param name="model">The model.</param>
    /// <param name="baseFolder">The folder the model was loaded from (its non-weight files are copied).</param>
    /// <param name="outputFolder">The target folder (must differ from the base).</param>
    public static void Save(DecoderModel model, string baseFolder, string outputFolder)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(baseFolder);
        ArgumentException.ThrowIfNullOrEmpty(outputFolder);
        if (string.Equals(Path.GetFullPath(baseFolder).TrimEnd('/'), Path.GetFullPath(outputFolder).TrimEnd('/'), StringComparison.Ordinal))
        {
            throw new ArgumentException("The checkpoint folder must differ from the base model folder.", nameof(outputFolder));
        }

        Directory.CreateDirectory(outputFolder);
        foreach (var file in Directory.EnumerateFiles(baseFolder))
        {
            var name = Path.GetFileName(file);
            if (!name.EndsWith(".safetensors", StringComparison.Ordinal) && name != "model.safetensors.index.json")
            {
                File.Copy(file, Path.Combine(outputFolder, name), overwrite: true);
            }
        }

        foreach (var stale in Directory.EnumerateFiles(outputFolder, "*.safetensors").Append(Path.Combine(outputFolder, "model.safetensors.index.json")))
        {
            File.Delete(stale);
        }

        var writer = new SafetensorsWriter().SetMetadata("format", "pt");
        using (no_grad())
        {
            foreach (var (name, parameter) in model.named_parameters())
            {
                using var cpu = parameter.detach().cpu().contiguous();
                writer.Add(name, DTypeOf(cpu.dtype), cpu.shape, cpu.bytes.ToArray());
            }
        }

        writer.Write(Path.Combine(outputFolder, "model.safetensors"));
    }

    private static SafetensorsDType DTypeOf(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => SafetensorsDType.F32,
        ScalarType.Float64 => SafetensorsDType.F64,
        ScalarType.BFloat16 => SafetensorsDType.BF16,
        ScalarType.Float16 => SafetensorsDType.F16,
        _ => throw new ArgumentException($"Parameters of dtype {dtype} cannot be saved."),
    };
}
