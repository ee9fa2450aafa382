using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>
/// RMSNorm computed in float32 (float64 for float64 models) and cast back before the weight is applied (HF Llama/Qwen
/// convention).
/// </summary>
internal sealed class RmsNorm : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Parameter weight;
#pragma warning restore IDE1006
    private readonly double eps;

    public RmsNorm(long size, double eps, Device device, ScalarType dtype)
        : base(nameof(RmsNorm))
    {
        this.eps = eps;
        weight = nn.Parameter(ones(size, dtype: dtype, device: device), requires_grad: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var normed = Normalized(input, eps).to_type(input.dtype);
        return (weight * normed).MoveToOuterDisposeScope();
    }

    /// <summary>x·rsqrt(mean(x²) + eps) over the last dimension, computed (and returned) in float32 (float64 for float64 input).</summary>
    internal static Tensor Normalized(Tensor input, double eps)
    {
        var x = input.to_type(input.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32);
        return x * rsqrt(x.pow(2).mean([-1], keepdim: true) + eps);
    }
}
