using Tournament.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>
/// Copies the tensors of every <c>*.safetensors</c> file in a folder into a module's parameters, by checkpoint key.
/// Minimal and private to the decoder runtime (header validation is SafetensorsHeader's); every mismatch names the key.
/// </summary>
internal static class CheckpointLoader
{
    /// <summary>Keys some checkpoints carry that are recomputed, not loaded.</summary>
    private static readonly string[] IgnoredSuffixes = [".rotary_emb.inv_freq"];

    public static void Load(nn.Module module, string folder, IReadOnlySet<string> ignoredKeys, long chunkBytes = 64L << 20)
    {
        var files = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.safetensors").Order(StringComparer.Ordinal).ToArray()
            : throw new DirectoryNotFoundException($"Model folder '{folder}' does not exist.");
        if (files.Length == 0)
        {
            throw new FileNotFoundException($"Model folder '{folder}' has no *.safetensors file: weights must be in safetensors format.");
        }

        var entries = new Dictionary<string, (string File, SafetensorsHeader Header, SafetensorsTensorInfo Info)>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var header = SafetensorsHeader.ReadFile(file);
            foreach (var t in header.Tensors)
            {
                if (!entries.TryAdd(t.Name, (file, header, t)))
                {
                    throw new InvalidDataException($"Tensor '{t.Name}' appears in both '{Path.GetFileName(entries[t.Name].File)}' and '{Path.GetFileName(file)}'; each key must be stored once.");
                }
            }
        }

        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        var extra = entries.Keys
            .Where(k => !parameters.ContainsKey(k) && !ignoredKeys.Contains(k) && !IgnoredSuffixes.Any(s => k.EndsWith(s, StringComparison.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (extra.Count > 0)
        {
            throw new InvalidDataException(
                $"Checkpoint in '{folder}' has unexpected tensor '{extra[0]}'{(extra.Count > 1 ? $" (and {extra.Count - 1} more)" : string.Empty)} that the architecture in config.json does not use; check config.json matches the weights.");
        }

        using var noGrad = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            if (!entries.TryGetValue(name, out var entry))
            {
                throw new InvalidDataException($"Checkpoint in '{folder}' is missing tensor '{name}' that config.json implies; check config.json matches the weights.");
            }

            var expected = parameter.shape;
            if (!expected.SequenceEqual(entry.Info.Shape))
            {
                throw new InvalidDataException(
                    $"Tensor '{name}' in '{Path.GetFileName(entry.File)}' has shape [{string.Join(", ", entry.Info.Shape)}] but config.json implies [{string.Join(", ", expected)}].");
            }

            CopyInto(parameter, entry.File, entry.Header, entry.Info, chunkBytes);
        }

        foreach (var p in module.parameters())
        {
            p.requires_grad = false;
        }
    }

    private static void CopyInto(Tensor target, string file, SafetensorsHeader header, SafetensorsTensorInfo info, long chunkBytes)
    {
        var dtype = info.DType switch
        {
            SafetensorsDType.F32 => ScalarType.Float32,
            SafetensorsDType.F16 => ScalarType.Float16,
            SafetensorsDType.BF16 => ScalarType.BFloat16,
            SafetensorsDType.F64 => ScalarType.Float64,
            _ => throw new InvalidDataException($"Tensor '{info.Name}' has dtype {info.DType}; only F32, F16, BF16 and F64 weights are supported."),
        };
        var elementSize = SafetensorsDTypes.SizeOf(info.DType);
        var flat = target.view(-1);
        var total = info.ElementCount;
        var perChunk = Math.Max(1, Math.Min(chunkBytes / elementSize, int.MaxValue / elementSize));
        var buffer = new byte[Math.Min(total, perChunk) * elementSize];
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        stream.Seek(header.DataOffset + info.Begin, SeekOrigin.Begin);
        for (long done = 0; done < total; done += perChunk)
        {
            var n = Math.Min(perChunk, total - done);
            var span = buffer.AsSpan(0, (int)(n * elementSize));
            stream.ReadExactly(span);
            using var chunk = empty(n, dtype);
            chunk.bytes = span;
            using var slice = flat.narrow(0, done, n);
            slice.copy_(chunk);
        }
    }
}
