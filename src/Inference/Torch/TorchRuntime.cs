using TorchSharp;
using static TorchSharp.torch;

namespace Tournament.Inference.Torch;

/// <summary>Device and dtype parsing, and a readable failure when the native backend is missing.</summary>
public static class TorchRuntime
{
    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>meta</c> and checks that the device is usable.</summary>
    /// <param name="device">The device string.</param>
    public static Device ParseDevice(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var text = device.Trim().ToLowerInvariant();
        if (text is not ("cpu" or "meta") && !text.StartsWith("cuda", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Device '{device}' is not supported: use cpu, cuda, cuda:N or meta.", nameof(device));
        }

        EnsureLoaded();
        if (text.StartsWith("cuda", StringComparison.Ordinal) && !cuda.is_available())
        {
            throw new InvalidOperationException(
                $"Device '{device}' was requested but CUDA is not available: build with -p:TorchBackend=cuda on a machine with an NVIDIA driver (see docs/torch-backend.md), or use device 'cpu'.");
        }

        return new Device(text);
    }

    /// <summary>Parses a dtype name: bf16/bfloat16, f16/fp16/float16/half, f32/fp32/float32/float.</summary>
    /// <param name="dtype">The dtype name.</param>
    public static ScalarType ParseDType(string dtype)
    {
        ArgumentNullException.ThrowIfNull(dtype);
        return dtype.Trim().ToLowerInvariant() switch
        {
            "bf16" or "bfloat16" => ScalarType.BFloat16,
            "f16" or "fp16" or "float16" or "half" => ScalarType.Float16,
            "f32" or "fp32" or "float32" or "float" => ScalarType.Float32,
            _ => throw new ArgumentException($"Dtype '{dtype}' is not supported: use bf16, f16 or f32.", nameof(dtype)),
        };
    }

    /// <summary>Loads the native backend once, turning TorchSharp's misleading message into one that names the fix.</summary>
    public static void EnsureLoaded()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
        }
        catch (NotSupportedException ex)
        {
            throw new InvalidOperationException(
                "The libtorch native backend could not be loaded: the executable must import build/TorchBackend.targets " +
                "(TorchBackend=cpu or cuda) so that libtorch and a GLIBCXX-patched libLibTorchSharp.so are in its output folder; see docs/torch-backend.md. " +
                ex.Message,
                ex);
        }
    }
}
