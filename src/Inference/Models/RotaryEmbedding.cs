using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>
/// Rotary position embedding, HF rotate-half convention; cos/sin computed in float32 (float64 for float64 models) and
/// cast to the model dtype.
/// </summary>
internal sealed class RotaryEmbedding
{
    private readonly long headDim;
    private readonly double theta;

    public RotaryEmbedding(long headDim, double theta)
    {
        this.headDim = headDim;
        this.theta = theta;
    }

    /// <summary>cos and sin of shape [batch, 1, seq, headDim] for position ids [batch, seq].</summary>
    public (Tensor Cos, Tensor Sin) CosSin(Tensor positionIds, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var compute = dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        var exponents = arange(0, headDim, 2, dtype: ScalarType.Int64, device: positionIds.device).to_type(compute) / headDim;
        var invFreq = 1.0 / pow(compute == ScalarType.Float64 ? tensor(theta, device: positionIds.device) : tensor((float)theta, device: positionIds.device), exponents);
        var freqs = positionIds.to_type(compute).unsqueeze(-1) * invFreq;
        var emb = cat([freqs, freqs], -1);
        var cos = emb.cos().to_type(dtype).unsqueeze(1);
        var sin = emb.sin().to_type(dtype).unsqueeze(1);
        return (cos.MoveToOuterDisposeScope(), sin.MoveToOuterDisposeScope());
    }

    /// <summary>x·cos + rotate_half(x)·sin for x of shape [batch, heads, seq, headDim].</summary>
    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        var half = x.shape[^1] / 2;
        var x1 = x.narrow(-1, 0, half);
        var x2 = x.narrow(-1, half, half);
        var rotated = cat([-x2, x1], -1);
        return ((x * cos) + (rotated * sin)).MoveToOuterDisposeScope();
    }
}
