using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>What one attention call needs besides the hidden states.</summary>
internal sealed record AttentionInput(Tensor Hidden, Tensor Cos, Tensor Sin, Tensor Mask, KvCache? Cache, int Layer)
{
    /// <summary>1 for real tokens, 0 for padding, [batch, seq] of this call's tokens; null means all real.</summary>
    public Tensor? TokenMask { get; init; }
}

/// <summary>Grouped-query causal self-attention with RoPE (and Qwen3's per-head q/k RMSNorm).</summary>
internal sealed class Attention : nn.Module<AttentionInput, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Linear q_proj;
    private readonly Linear k_proj;
    private readonly Linear v_proj;
    private readonly Linear o_proj;
    private readonly RmsNorm? q_norm;
    private readonly RmsNorm? k_norm;
#pragma warning restore IDE1006
    private readonly long heads;
    private readonly long kvHeads;
    private readonly long headDim;

    public Attention(DecoderConfig config, Device device, ScalarType dtype)
        : base(nameof(Attention))
    {
        heads = config.NumAttentionHeads;
        kvHeads = config.NumKeyValueHeads;
        headDim = config.HeadDim;
        var qkvBias = config.Architecture == DecoderArchitecture.Qwen2 || config.AttentionBias;
        var oBias = config.Architecture != DecoderArchitecture.Qwen2 && config.AttentionBias;
        q_proj = nn.Linear(config.HiddenSize, heads * headDim, qkvBias, device, dtype);
        k_proj = nn.Linear(config.HiddenSize, kvHeads * headDim, qkvBias, device, dtype);
        v_proj = nn.Linear(config.HiddenSize, kvHeads * headDim, qkvBias, device, dtype);
        o_proj = nn.Linear(heads * headDim, config.HiddenSize, oBias, device, dtype);
        if (config.Architecture == DecoderArchitecture.Qwen3)
        {
            q_norm = new RmsNorm(headDim, config.RmsNormEps, device, dtype);
            k_norm = new RmsNorm(headDim, config.RmsNormEps, device, dtype);
        }

        RegisterComponents();
    }

    public override Tensor forward(AttentionInput input)
    {
        using var scope = NewDisposeScope();
        var x = input.Hidden;
        long batch = x.shape[0], seq = x.shape[1];
        var q = q_proj.forward(x).view(batch, seq, heads, headDim);
        var k = k_proj.forward(x).view(batch, seq, kvHeads, headDim);
        var v = v_proj.forward(x).view(batch, seq, kvHeads, headDim).transpose(1, 2);
        if (q_norm is not null && k_norm is not null)
        {
            q = q_norm.forward(q);
            k = k_norm.forward(k);
        }

        q = RotaryEmbedding.Apply(q.transpose(1, 2), input.Cos, input.Sin);
        k = RotaryEmbedding.Apply(k.transpose(1, 2), input.Cos, input.Sin);
        var merged = Attend(q, k, v, input);
        return o_proj.forward(merged).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Appends k/v ([batch, kv heads, seq, dim]) to the cache, repeats them to q's heads, runs masked scaled
    /// dot-product attention and merges the heads: [batch, seq, heads × dim].
    /// </summary>
    internal static Tensor Attend(Tensor q, Tensor k, Tensor v, AttentionInput input)
    {
        long batch = q.shape[0], heads = q.shape[1], seq = q.shape[2], dim = q.shape[3], kvHeads = k.shape[1];
        if (input.Cache is not null)
        {
            (k, v) = input.Cache.Append(input.Layer, k, v);
        }

        if (kvHeads != heads)
        {
            k = k.repeat_interleave(heads / kvHeads, dim: 1);
            v = v.repeat_interleave(heads / kvHeads, dim: 1);
        }

        var attended = nn.functional.scaled_dot_product_attention(q, k, v, attn_mask: input.Mask);
        return attended.transpose(1, 2).reshape(batch, seq, heads * dim);
    }
}
