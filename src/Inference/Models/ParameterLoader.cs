using System.Runtime.InteropServices;
using Tournament.Abstractions;
using Tournament.Inference.Safetensors;
using TorchSharp;
using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>
/// Copies the tensors of an open <see cref="SafetensorsCheckpoint"/> (single file or sharded, memory-mapped) into a
/// module's parameters, by checkpoint key. The checkpoint does the file checks; this checks the keys and shapes against
/// the module and names the key in every mismatch.
/// </summary>
internal static class ParameterLoader
{
    /// <summary>Keys some checkpoints carry that are recomputed, not loaded.</summary>
    private static readonly string[] IgnoredSuffixes = [".rotary_emb.inv_freq"];

    /// <summary>Loads every parameter of <paramref name="module"/> from the checkpoint.</summary>
    /// <param name="module">The module; parameter names are checkpoint keys.</param>
    /// <param name="checkpoint">The open checkpoint.</param>
    /// <param name="ignoredKeys">Stored keys the module deliberately does not use.</param>
    /// <param name="chunkBytes">Tensors larger than this are copied in slices of at most this many bytes.</param>
    public static void Load(nn.Module module, SafetensorsCheckpoint checkpoint, IReadOnlySet<string> ignoredKeys, long chunkBytes = 1L << 30)
    {
        var folder = checkpoint.Folder;
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        var extra = checkpoint.Names
            .Where(k => !parameters.ContainsKey(k) && !ignoredKeys.Contains(k) && !IgnoredSuffixes.Any(s => k.EndsWith(s, StringComparison.Ordinal)))
            .ToList();
        if (extra.Count > 0)
        {
            throw new InvalidDataException(
                $"Checkpoint in '{folder}' has unexpected tensor '{extra[0]}'{(extra.Count > 1 ? $" (and {extra.Count - 1} more)" : string.Empty)} that the architecture in config.json does not use; check config.json matches the weights.");
        }

        using var noGrad = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            if (!checkpoint.Contains(name))
            {
                throw new InvalidDataException($"Checkpoint in '{folder}' is missing tensor '{name}' that config.json implies; check config.json matches the weights.");
            }

            var tensor = checkpoint.Get(name);
            var expected = parameter.shape;
            if (!expected.SequenceEqual(tensor.Info.Shape))
            {
                throw new InvalidDataException(
                    $"Tensor '{name}' in '{Path.GetFileName(tensor.File.Path)}' has shape [{string.Join(", ", tensor.Info.Shape)}] but config.json implies [{string.Join(", ", expected)}].");
            }

            CopyInto(parameter, tensor, chunkBytes);
        }

        foreach (var p in module.parameters())
        {
            p.requires_grad = false;
        }
    }

    private static void CopyInto(Tensor target, CheckpointTensor tensor, long chunkBytes)
    {
        var info = tensor.Info;
        var dtype = info.DType switch
        {
            SafetensorsDType.F32 => ScalarType.Float32,
            SafetensorsDType.F16 => ScalarType.Float16,
            SafetensorsDType.BF16 => ScalarType.BFloat16,
            SafetensorsDType.F64 => ScalarType.Float64,
            _ => throw new InvalidDataException($"Tensor '{info.Name}' has dtype {info.DType}; only F32, F16, BF16 and F64 weights are supported."),
        };
        if (info.ElementCount == 0)
        {
            return;
        }

        var elementSize = SafetensorsDTypes.SizeOf(info.DType);
        if (info.ByteLength <= Math.Min(chunkBytes, int.MaxValue) && dtype == target.dtype && target.device_type == DeviceType.CPU && target.is_contiguous())
        {
            // Same dtype on the CPU: one copy, straight from the mapped file into the parameter's storage.
            target.bytes = Writable(tensor.File.GetBytes(info, 0, (int)info.ByteLength));
            return;
        }

        // Otherwise stage slices in the file's dtype and let copy_ convert dtype and move to the device.
        var flat = target.view(-1);
        var total = info.ElementCount;
        var perChunk = Math.Max(1, Math.Min(chunkBytes / elementSize, int.MaxValue / elementSize));
        for (long done = 0; done < total; done += perChunk)
        {
            var n = Math.Min(perChunk, total - done);
            using var chunk = empty(n, dtype);
            chunk.bytes = Writable(tensor.File.GetBytes(info, done * elementSize, (int)(n * elementSize)));
            using var slice = flat.narrow(0, done, n);
            slice.copy_(chunk);
        }
    }

    /// <summary>TorchSharp's byte setter takes a <see cref="Span{T}"/> but only reads it; the mapping is read-only.</summary>
    private static Span<byte> Writable(ReadOnlySpan<byte> bytes) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(bytes), bytes.Length);
}
