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
        var x = input.to_type(input.dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32);
        var variance = x.pow(2).mean([-1], keepdim: true);
        var normed = (x * rsqrt(variance + eps)).to_type(input.dtype);
        return (weight * normed).MoveToOuterDisposeScope();
    }
}
