using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tournament.Inference.Models.Hybrid;

/// <summary>Qwen3.5 RMSNorm: x·rsqrt(mean(x²) + eps)·(1 + weight), all in float32, cast back at the end.</summary>
internal sealed class OffsetRmsNorm : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Parameter weight;
#pragma warning restore IDE1006
    private readonly double eps;

    public OffsetRmsNorm(long size, double eps, Device device, ScalarType dtype)
        : base(nameof(OffsetRmsNorm))
    {
        this.eps = eps;
        weight = nn.Parameter(zeros(size, dtype: dtype, device: device), requires_grad: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var normed = RmsNorm.Normalized(input, eps);
        return (normed * (weight.to_type(ScalarType.Float32) + 1.0)).to_type(input.dtype).MoveToOuterDisposeScope();
    }
}
