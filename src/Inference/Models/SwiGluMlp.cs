using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>down_proj(silu(gate_proj(x)) · up_proj(x)).</summary>
internal sealed class SwiGluMlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Linear gate_proj;
    private readonly Linear up_proj;
    private readonly Linear down_proj;
#pragma warning restore IDE1006

    public SwiGluMlp(DecoderConfig config, Device device, ScalarType dtype)
        : this(config.HiddenSize, config.IntermediateSize, config.MlpBias, device, dtype)
    {
    }

    public SwiGluMlp(long hidden, long intermediate, bool bias, Device device, ScalarType dtype)
        : base(nameof(SwiGluMlp))
    {
        gate_proj = nn.Linear(hidden, intermediate, bias, device, dtype);
        up_proj = nn.Linear(hidden, intermediate, bias, device, dtype);
        down_proj = nn.Linear(intermediate, hidden, bias, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var gated = nn.functional.silu(gate_proj.forward(input)) * up_proj.forward(input);
        return down_proj.forward(gated).MoveToOuterDisposeScope();
    }
}
