using Tournament.Inference.ModelFiles;

namespace Tournament.Inference.Tests.Models;

/// <summary>
/// An independent float64 Qwen3.5 forward pass in plain loops (no TorchSharp), one unpadded sequence: (1 + w)
/// RMSNorm; Gated DeltaNet as the literal token-by-token recurrence; gated attention with partial RoPE; dense SwiGLU
/// or top-k MoE with a gated shared expert, evaluated token by token.
/// </summary>
internal static class ReferenceHybrid
{
    public static double[][] Forward(HybridCheckpoint m, long[] ids)
    {
        var c = m.Config;
        var w = m.Weights;
        int s = ids.Length, hid = c.HiddenSize;
        var x = ids.Select(id => w["model.embed_tokens.weight"].Values.AsSpan((int)id * hid, hid).ToArray()).ToArray();
        for (var l = 0; l < c.NumHiddenLayers; l++)
        {
            var p = $"model.layers.{l}.";
            var n = x.Select(r => Norm1p(r, w[p + "input_layernorm.weight"].Values, c.RmsNormEps)).ToArray();
            var mixed = m.Hybrid.LayerTypes[l] == HybridConfig.LinearAttention ? DeltaNet(m, p + "linear_attn.", n) : Attention(m, p + "self_attn.", n);
            for (var t = 0; t < s; t++)
            {
                var h = Add(x[t], mixed[t]);
                var n2 = Norm1p(h, w[p + "post_attention_layernorm.weight"].Values, c.RmsNormEps);
                x[t] = Add(h, m.Hybrid.IsMoe ? Moe(m, p + "mlp.", n2) : SwiGlu(w, p + "mlp.", n2));
            }
        }

        var head = c.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight";
        return x.Select(r => MatVec(w[head].Values, Norm1p(r, w["model.norm.weight"].Values, c.RmsNormEps), c.VocabSize)).ToArray();
    }

    private static double[][] DeltaNet(HybridCheckpoint m, string p, double[][] n)
    {
        var w = m.Weights;
        var h = m.Hybrid;
        int s = n.Length, hk = h.LinearNumKeyHeads, hv = h.LinearNumValueHeads, dk = h.LinearKeyHeadDim, dv = h.LinearValueHeadDim, kernel = h.LinearConvKernelDim;
        var channels = (2 * hk * dk) + (hv * dv);
        var qkv = n.Select(r => MatVec(w[p + "in_proj_qkv.weight"].Values, r, channels)).ToArray();
        var conv = w[p + "conv1d.weight"].Values;
        var state = new double[hv, dk, dv];
        var outputs = new double[s][];
        for (var t = 0; t < s; t++)
        {
            var mixedT = new double[channels];
            for (var ch = 0; ch < channels; ch++)
            {
                double acc = 0;
                for (var j = 0; j < kernel; j++)
                {
                    var src = t - (kernel - 1) + j;
                    acc += src >= 0 ? conv[(ch * kernel) + j] * qkv[src][ch] : 0;
                }

                mixedT[ch] = Silu(acc);
            }

            var b = MatVec(w[p + "in_proj_b.weight"].Values, n[t], hv);
            var a = MatVec(w[p + "in_proj_a.weight"].Values, n[t], hv);
            var z = MatVec(w[p + "in_proj_z.weight"].Values, n[t], hv * dv);
            var o = new double[hv * dv];
            for (var head = 0; head < hv; head++)
            {
                var kh = head / (hv / hk);
                var q = L2(mixedT.AsSpan(kh * dk, dk).ToArray()).Select(v => v / Math.Sqrt(dk)).ToArray();
                var k = L2(mixedT.AsSpan((hk * dk) + (kh * dk), dk).ToArray());
                var v = mixedT.AsSpan((2 * hk * dk) + (head * dv), dv).ToArray();
                var beta = 1 / (1 + Math.Exp(-b[head]));
                var g = -Math.Exp(w[p + "A_log"].Values[head]) * Math.Log(1 + Math.Exp(a[head] + w[p + "dt_bias"].Values[head]));
                for (var i = 0; i < dk; i++)
                {
                    for (var j = 0; j < dv; j++)
                    {
                        state[head, i, j] *= Math.Exp(g);
                    }
                }

                for (var j = 0; j < dv; j++)
                {
                    double memory = 0;
                    for (var i = 0; i < dk; i++)
                    {
                        memory += state[head, i, j] * k[i];
                    }

                    var delta = (v[j] - memory) * beta;
                    for (var i = 0; i < dk; i++)
                    {
                        state[head, i, j] += k[i] * delta;
                    }
                }

                var oh = new double[dv];
                for (var j = 0; j < dv; j++)
                {
                    for (var i = 0; i < dk; i++)
                    {
                        oh[j] += state[head, i, j] * q[i];
                    }
                }

                var ms = oh.Sum(e => e * e) / dv;
                for (var j = 0; j < dv; j++)
                {
                    o[(head * dv) + j] = oh[j] / Math.Sqrt(ms + m.Config.RmsNormEps) * w[p + "norm.weight"].Values[j] * Silu(z[(head * dv) + j]);
                }
            }

            outputs[t] = MatVec(w[p + "out_proj.weight"].Values, o, m.Config.HiddenSize);
        }

        return outputs;
    }

    private static double[][] Attention(HybridCheckpoint m, string p, double[][] n)
    {
        var c = m.Config;
        var w = m.Weights;
        int s = n.Length, nh = c.NumAttentionHeads, nkv = c.NumKeyValueHeads, hd = c.HeadDim;
        var rotary = (int)(hd * m.Hybrid.PartialRotaryFactor);
        var qs = new double[s][][];
        var gates = new double[s][][];
        var ks = new double[s][][];
        var vs = new double[s][][];
        for (var t = 0; t < s; t++)
        {
            var qg = MatVec(w[p + "q_proj.weight"].Values, n[t], nh * hd * 2);
            var kAll = MatVec(w[p + "k_proj.weight"].Values, n[t], nkv * hd);
            var vAll = MatVec(w[p + "v_proj.weight"].Values, n[t], nkv * hd);
            qs[t] = Enumerable.Range(0, nh).Select(hh => Rope(Norm1p(qg.AsSpan(hh * 2 * hd, hd).ToArray(), w[p + "q_norm.weight"].Values, c.RmsNormEps), t, rotary, c.RopeTheta)).ToArray();
            gates[t] = Enumerable.Range(0, nh).Select(hh => qg.AsSpan((hh * 2 * hd) + hd, hd).ToArray()).ToArray();
            ks[t] = Enumerable.Range(0, nkv).Select(hh => Rope(Norm1p(kAll.AsSpan(hh * hd, hd).ToArray(), w[p + "k_norm.weight"].Values, c.RmsNormEps), t, rotary, c.RopeTheta)).ToArray();
            vs[t] = Enumerable.Range(0, nkv).Select(hh => vAll.AsSpan(hh * hd, hd).ToArray()).ToArray();
        }

        var outputs = new double[s][];
        for (var t = 0; t < s; t++)
        {
            var merged = new double[nh * hd];
            for (var head = 0; head < nh; head++)
            {
                var kvh = head / (nh / nkv);
                var scores = Enumerable.Range(0, t + 1).Select(j => Dot(qs[t][head], ks[j][kvh]) / Math.Sqrt(hd)).ToArray();
                var max = scores.Max();
                var e = scores.Select(sc => Math.Exp(sc - max)).ToArray();
                var sum = e.Sum();
                for (var d = 0; d < hd; d++)
                {
                    double acc = 0;
                    for (var j = 0; j <= t; j++)
                    {
                        acc += e[j] / sum * vs[j][kvh][d];
                    }

                    merged[(head * hd) + d] = acc / (1 + Math.Exp(-gates[t][head][d]));
                }
            }

            outputs[t] = MatVec(w[p + "o_proj.weight"].Values, merged, c.HiddenSize);
        }

        return outputs;
    }

    private static double[] Moe(HybridCheckpoint m, string p, double[] x)
    {
        var w = m.Weights;
        var h = m.Hybrid;
        int hid = x.Length, inter = h.MoeIntermediateSize;
        var logits = MatVec(w[p + "gate.weight"].Values, x, h.NumExperts);
        var max = logits.Max();
        var probs = logits.Select(v => Math.Exp(v - max)).ToArray();
        var total = probs.Sum();
        var chosen = Enumerable.Range(0, h.NumExperts).OrderByDescending(e => probs[e]).Take(h.NumExpertsPerTok).ToArray();
        var chosenSum = chosen.Sum(e => probs[e] / total);
        var y = new double[hid];
        foreach (var e in chosen)
        {
            var gateUp = MatVec(w[p + "experts.gate_up_proj"].Values.AsSpan(e * 2 * inter * hid, 2 * inter * hid).ToArray(), x, 2 * inter);
            var act = Enumerable.Range(0, inter).Select(i => Silu(gateUp[i]) * gateUp[inter + i]).ToArray();
            var down = MatVec(w[p + "experts.down_proj"].Values.AsSpan(e * hid * inter, hid * inter).ToArray(), act, hid);
            var weight = probs[e] / total / chosenSum;
            for (var i = 0; i < hid; i++)
            {
                y[i] += weight * down[i];
            }
        }

        var shared = SwiGlu(w, p + "shared_expert.", x);
        var gate = 1 / (1 + Math.Exp(-Dot(w[p + "shared_expert_gate.weight"].Values, x)));
        return y.Select((v, i) => v + (gate * shared[i])).ToArray();
    }

    private static double[] SwiGlu(Dictionary<string, (long[] Shape, double[] Values)> w, string p, double[] x)
    {
        var (shape, gateW) = w[p + "gate_proj.weight"];
        var inter = (int)shape[0];
        var gate = MatVec(gateW, x, inter);
        var up = MatVec(w[p + "up_proj.weight"].Values, x, inter);
        return MatVec(w[p + "down_proj.weight"].Values, gate.Select((g, i) => Silu(g) * up[i]).ToArray(), x.Length);
    }

    private static double[] Rope(double[] head, int pos, int rotary, double theta)
    {
        var result = (double[])head.Clone();
        var half = rotary / 2;
        for (var i = 0; i < half; i++)
        {
            var angle = pos / Math.Pow(theta, 2.0 * i / rotary);
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            result[i] = (head[i] * cos) - (head[i + half] * sin);
            result[i + half] = (head[i + half] * cos) + (head[i] * sin);
        }

        return result;
    }

    private static double[] Norm1p(double[] x, double[] weight, double eps)
    {
        var scale = 1 / Math.Sqrt((x.Sum(v => v * v) / x.Length) + eps);
        return x.Select((v, i) => v * scale * (1 + weight[i])).ToArray();
    }

    private static double[] L2(double[] x)
    {
        var scale = 1 / Math.Sqrt(x.Sum(v => v * v) + 1e-6);
        return x.Select(v => v * scale).ToArray();
    }

    private static double Silu(double v) => v / (1 + Math.Exp(-v));

    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static double[] Add(double[] a, double[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    private static double[] MatVec(double[] m, double[] x, int rows) => ReferenceDecoder.MatVec(m, x, rows);
}
