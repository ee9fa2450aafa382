using static TorchSharp.torch;

namespace Tournament.Inference.Models.Hybrid;

/// <summary>
/// The gated delta rule in float32. Per value head, with state S (key dim × value dim) and L2-normalised q, k
/// (q also scaled by 1/√d_k): S ← S·exp(g_t); S ← S + k_t ⊗ β_t(v_t − Sᵀk_t); o_t = Sᵀq_t. Query/key heads are
/// repeated to the value heads (each serves consecutive value heads). <see cref="Recurrent"/> walks token by token;
/// <see cref="Chunked"/> computes the same in chunks (a unit-lower-triangular solve per chunk, a scan over chunks).
/// </summary>
internal static class GatedDeltaRule
{
    public const int DefaultChunkSize = 64;

    /// <summary>Token-by-token. q, k [B, S, Hk, Dk]; v [B, S, Hv, Dv]; g, beta [B, S, Hv]; state [B, Hv, Dk, Dv] or null.</summary>
    /// <returns>The output [B, S, Hv, Dv] in v's dtype and the final state (float32).</returns>
    public static (Tensor Output, Tensor State) Recurrent(Tensor q, Tensor k, Tensor v, Tensor g, Tensor beta, Tensor? state)
    {
        using var scope = NewDisposeScope();
        var (qq, kk, vv, gg, bb) = Prepare(q, k, v, g, beta);
        long batch = vv.shape[0], heads = vv.shape[1], seq = vv.shape[2];
        var s = state?.to_type(ScalarType.Float32) ?? zeros(batch, heads, kk.shape[^1], vv.shape[^1], device: vv.device);
        var outputs = new Tensor[seq];
        for (var t = 0; t < seq; t++)
        {
            var qt = qq.select(2, t);
            var kt = kk.select(2, t);
            var vt = vv.select(2, t);
            s = s * gg.select(2, t).exp().unsqueeze(-1).unsqueeze(-1);
            var memory = (s * kt.unsqueeze(-1)).sum(-2);
            var delta = (vt - memory) * bb.select(2, t).unsqueeze(-1);
            s = s + (kt.unsqueeze(-1) * delta.unsqueeze(-2));
            outputs[t] = (s * qt.unsqueeze(-1)).sum(-2);
        }

        var output = stack(outputs, 2).transpose(1, 2).contiguous().to_type(v.dtype);
        return (output.MoveToOuterDisposeScope(), s.MoveToOuterDisposeScope());
    }

    /// <summary>Chunked; same arguments and result as <see cref="Recurrent"/>.</summary>
    public static (Tensor Output, Tensor State) Chunked(Tensor q, Tensor k, Tensor v, Tensor g, Tensor beta, Tensor? state, int chunkSize = DefaultChunkSize)
    {
        using var scope = NewDisposeScope();
        var (qq, kk, vv, gg, bb) = Prepare(q, k, v, g, beta);
        long batch = vv.shape[0], heads = vv.shape[1], seq = vv.shape[2], dk = kk.shape[^1], dv = vv.shape[^1];
        var pad = (chunkSize - (seq % chunkSize)) % chunkSize;
        qq = nn.functional.pad(qq, [0, 0, 0, pad]);
        kk = nn.functional.pad(kk, [0, 0, 0, pad]);
        vv = nn.functional.pad(vv, [0, 0, 0, pad]);
        gg = nn.functional.pad(gg, [0, pad]);
        bb = nn.functional.pad(bb, [0, pad]);
        var chunks = (seq + pad) / chunkSize;

        // [B, H, N, C, D]: padded positions have k = 0 and beta = 0, so they change nothing.
        var kBeta = (kk * bb.unsqueeze(-1)).view(batch, heads, chunks, chunkSize, dk);
        var vBeta = (vv * bb.unsqueeze(-1)).view(batch, heads, chunks, chunkSize, dv);
        var qc = qq.view(batch, heads, chunks, chunkSize, dk);
        var kc = kk.view(batch, heads, chunks, chunkSize, dk);
        var cum = gg.view(batch, heads, chunks, chunkSize).cumsum(-1);

        // decay[i, j] = exp(cum_i − cum_j) for j ≤ i inside a chunk, 0 above the diagonal (masked before exp).
        var above = ones(chunkSize, chunkSize, ScalarType.Bool, vv.device).triu(1);
        var decay = (cum.unsqueeze(-1) - cum.unsqueeze(-2)).masked_fill(above, double.NegativeInfinity).exp();
        var system = kBeta.matmul(kc.transpose(-1, -2)) * decay;
        var intra = qc.matmul(kc.transpose(-1, -2)) * decay;

        // (I + strictly-lower(system))·X = B: the within-chunk delta-rule corrections in closed form.
        var values = linalg.solve_triangular(system, vBeta, upper: false, left: true, unitriangular: true);
        var keysRead = linalg.solve_triangular(system, kBeta * cum.exp().unsqueeze(-1), upper: false, left: true, unitriangular: true);
        var qDecayed = qc * cum.exp().unsqueeze(-1);
        var last = cum.narrow(-1, chunkSize - 1, 1);
        var kToEnd = kc * (last - cum).exp().unsqueeze(-1);
        var chunkDecay = last.exp().unsqueeze(-1);

        var s = state?.to_type(ScalarType.Float32) ?? zeros(batch, heads, dk, dv, device: vv.device);
        var outputs = new Tensor[chunks];
        for (var i = 0; i < chunks; i++)
        {
            var fresh = values.select(2, i) - keysRead.select(2, i).matmul(s);
            outputs[i] = qDecayed.select(2, i).matmul(s) + intra.select(2, i).matmul(fresh);
            s = (s * chunkDecay.select(2, i)) + kToEnd.select(2, i).transpose(-1, -2).matmul(fresh);
        }

        var output = cat(outputs, 2).narrow(2, 0, seq).transpose(1, 2).contiguous().to_type(v.dtype);
        return (output.MoveToOuterDisposeScope(), s.MoveToOuterDisposeScope());
    }

    /// <summary>float32, heads first ([B, H, S, D]), q/k repeated to the value heads, L2-normalised, q scaled by 1/√Dk.</summary>
    private static (Tensor Q, Tensor K, Tensor V, Tensor G, Tensor Beta) Prepare(Tensor q, Tensor k, Tensor v, Tensor g, Tensor beta)
    {
        var valueHeads = v.shape[2];
        var repeat = valueHeads / k.shape[2];
        if (repeat > 1)
        {
            q = q.repeat_interleave(repeat, dim: 2);
            k = k.repeat_interleave(repeat, dim: 2);
        }

        Tensor Heads(Tensor x) => x.transpose(1, 2).to_type(ScalarType.Float32).contiguous();
        var qq = L2Norm(Heads(q)) / Math.Sqrt(q.shape[^1]);
        var kk = L2Norm(Heads(k));
        return (qq, kk, Heads(v), g.transpose(1, 2).to_type(ScalarType.Float32).contiguous(), beta.transpose(1, 2).to_type(ScalarType.Float32).contiguous());
    }

    private static Tensor L2Norm(Tensor x) => x * rsqrt((x * x).sum(-1, keepdim: true) + 1e-6);
}
