using TorchSharp;
using Tournament.Inference.ModelFiles;
using static TorchSharp.torch;

namespace Tournament.Inference.Models.Hybrid;

/// <summary>A Qwen3.5 block: x + mixer(norm(x)) with a Gated DeltaNet or gated attention mixer, then h + mlp(norm(h)).</summary>
internal sealed class HybridLayer : nn.Module<AttentionInput, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly GatedDeltaNet? linear_attn;
    private readonly GatedAttention? self_attn;
    private readonly nn.Module<Tensor, Tensor> mlp;
    private readonly OffsetRmsNorm input_layernorm;
    private readonly OffsetRmsNorm post_attention_layernorm;
#pragma warning restore IDE1006

    public HybridLayer(DecoderConfig config, HybridConfig h, int index, Device device, ScalarType dtype)
        : base(nameof(HybridLayer))
    {
        if (h.LayerTypes[index] == HybridConfig.LinearAttention)
        {
            linear_attn = new GatedDeltaNet(config, h, device, dtype);
        }
        else
        {
            self_attn = new GatedAttention(config, device, dtype);
        }

        mlp = h.IsMoe ? new SparseMoeBlock(config, h, device, dtype) : new SwiGluMlp(config.HiddenSize, config.IntermediateSize, false, device, dtype);
        input_layernorm = new OffsetRmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype);
        post_attention_layernorm = new OffsetRmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(AttentionInput input)
    {
        using var scope = NewDisposeScope();
        var mixerInput = input with { Hidden = input_layernorm.forward(input.Hidden) };
        var mixed = linear_attn is not null ? linear_attn.forward(mixerInput) : self_attn!.forward(mixerInput);
        var h = input.Hidden + mixed;
        var output = h + mlp.forward(post_attention_layernorm.forward(h));
        return output.MoveToOuterDisposeScope();
    }
}
