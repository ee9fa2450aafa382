using TorchSharp;
using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>Pre-norm transformer block: x + attn(norm(x)), then h + mlp(norm(h)).</summary>
internal sealed class DecoderLayer : nn.Module<AttentionInput, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Attention self_attn;
    private readonly SwiGluMlp mlp;
    private readonly RmsNorm input_layernorm;
    private readonly RmsNorm post_attention_layernorm;
#pragma warning restore IDE1006

    public DecoderLayer(DecoderConfig config, Device device, ScalarType dtype)
        : base(nameof(DecoderLayer))
    {
        self_attn = new Attention(config, device, dtype);
        mlp = new SwiGluMlp(config, device, dtype);
        input_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype);
        post_attention_layernorm = new RmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(AttentionInput input)
    {
        using var scope = NewDisposeScope();
        var h = input.Hidden + self_attn.forward(input with { Hidden = input_layernorm.forward(input.Hidden) });
        var output = h + mlp.forward(post_attention_layernorm.forward(h));
        return output.MoveToOuterDisposeScope();
    }
}
