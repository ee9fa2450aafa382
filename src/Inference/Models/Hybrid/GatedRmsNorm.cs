using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tournament.Inference.Models.Hybrid;

/// <summary>
/// The Gated DeltaNet output norm: weight·RMSNorm(x) (normalised in float32, cast to the input dtype before the
/// weight), then times silu(gate) in float32, cast back.
/// </summary>
internal sealed class GatedRmsNorm : nn.Module<Tensor, Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Parameter weight;
#pragma warning restore IDE1006
    private readonly double eps;

    public GatedRmsNorm(long size, double eps, Device device, ScalarType dtype)
        : base(nameof(GatedRmsNorm))
    {
        this.eps = eps;
        weight = nn.Parameter(ones(size, dtype: dtype, device: device), requires_grad: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input, Tensor gate)
    {
        using var scope = NewDisposeScope();
        var normed = RmsNorm.Normalized(input, eps).to_type(input.dtype);
        var weighted = (weight * normed).to_type(ScalarType.Float32);
        var gated = weighted * nn.functional.silu(gate.to_type(ScalarType.Float32));
        return gated.to_type(input.dtype).MoveToOuterDisposeScope();
    }
}
