using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tournament.Inference.Models.Hybrid;

/// <summary>
/// Qwen3.5 full attention: q_proj gives, per head, the query and an output gate; (1 + weight) RMSNorm on q and k;
/// rotary embedding on the first rotary dimensions only; grouped-query causal attention; output × sigmoid(gate); o_proj.
/// </summary>
internal sealed class GatedAttention : nn.Module<AttentionInput, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
    private readonly OffsetRmsNorm q_norm;
    private readonly OffsetRmsNorm k_norm;
#pragma warning restore IDE1006
    private readonly long heads;
    private readonly long kvHeads;
    private readonly long headDim;

    public GatedAttention(DecoderConfig config, Device device, ScalarType dtype)
        : base(nameof(GatedAttention))
    {
        heads = config.NumAttentionHeads;
        kvHeads = config.NumKeyValueHeads;
        headDim = config.HeadDim;
        var bias = config.AttentionBias;
        q_proj = nn.Linear(config.HiddenSize, heads * headDim * 2, bias, device, dtype);
        k_proj = nn.Linear(config.HiddenSize, kvHeads * headDim, bias, device, dtype);
        v_proj = nn.Linear(config.HiddenSize, kvHeads * headDim, bias, device, dtype);
        o_proj = nn.Linear(heads * headDim, config.HiddenSize, bias, device, dtype);
        q_norm = new OffsetRmsNorm(headDim, config.RmsNormEps, device, dtype);
        k_norm = new OffsetRmsNorm(headDim, config.RmsNormEps, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(AttentionInput input)
    {
        using var scope = NewDisposeScope();
        var x = input.Hidden;
        long batch = x.shape[0], seq = x.shape[1];
        var both = q_proj.forward(x).view(batch, seq, heads, 2 * headDim);
        var q = q_norm.forward(both.narrow(-1, 0, headDim)).transpose(1, 2);
        var gate = both.narrow(-1, headDim, headDim).reshape(batch, seq, heads * headDim);
        var k = k_norm.forward(k_proj.forward(x).view(batch, seq, kvHeads, headDim)).transpose(1, 2);
        var v = v_proj.forward(x).view(batch, seq, kvHeads, headDim).transpose(1, 2);
        q = PartialRotary(q, input.Cos, input.Sin);
        k = PartialRotary(k, input.Cos, input.Sin);
        var merged = Attention.Attend(q, k, v, input) * gate.sigmoid();
        return o_proj.forward(merged).MoveToOuterDisposeScope();
    }

    /// <summary>Rotates the first cos.shape[-1] dimensions of each head and passes the rest through.</summary>
    private static Tensor PartialRotary(Tensor x, Tensor cos, Tensor sin)
    {
        var rotary = cos.shape[^1];
        if (rotary == x.shape[^1])
        {
            return RotaryEmbedding.Apply(x, cos, sin);
        }

        var rotated = RotaryEmbedding.Apply(x.narrow(-1, 0, rotary), cos, sin);
        return cat([rotated, x.narrow(-1, rotary, x.shape[^1] - rotary)], -1);
    }
}
