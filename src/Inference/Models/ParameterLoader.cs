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
    /// <summary>Loads every parameter of <paramref name="module"/> from the checkpoint.</summary>
    /// <param name="module">The module; parameter names are checkpoint keys.</param>
    /// <param name="checkpoint">The open checkpoint.</param>
    /// <param name="ignoredKeys">Stored keys the module deliberately does not use.</param>
    /// <param name="chunkBytes">Tensors larger than this are copied in slices of at most this many bytes.</param>
    public static void Load(nn.Module module, SafetensorsCheckpoint checkpoint, IReadOnlySet<string> ignoredKeys, long chunkBytes = 1L << 30)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        CheckpointLayout.Validate(parameters.ToDictionary(p => p.Key, p => p.Value.shape, StringComparer.Ordinal), checkpoint.Tensors.Select(t => t.Info), ignoredKeys, checkpoint.Folder);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            CopyInto(parameter, checkpoint.Get(name), chunkBytes);
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
            _ => ScalarType.Float64, // CheckpointLayout.Validate admitted only these four
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
