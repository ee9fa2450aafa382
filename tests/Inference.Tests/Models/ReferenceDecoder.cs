using Tournament.Inference.Models;

namespace Tournament.Inference.Tests.Models;

/// <summary>An independent float64 forward pass in plain loops (no TorchSharp), one unpadded sequence at a time.</summary>
internal static class ReferenceDecoder
{
    public static (double[][] Logits, double[][][] LayerHidden) Forward(TinyCheckpoint m, long[] ids)
    {
        var c = m.Config;
        var w = m.Weights;
        int s = ids.Length, h = c.HiddenSize, hd = c.HeadDim, nh = c.NumAttentionHeads, nkv = c.NumKeyValueHeads;
        var x = ids.Select(id => Row(w["model.embed_tokens.weight"].Values, (int)id, h)).ToArray();
        var layers = new double[c.NumHiddenLayers][][];
        var qkvBias = c.Architecture == DecoderArchitecture.Qwen2 || c.AttentionBias;
        for (var l = 0; l < c.NumHiddenLayers; l++)
        {
            var p = $"model.layers.{l}.";
            var normed = x.Select(r => RmsNorm(r, w[p + "input_layernorm.weight"].Values, c.RmsNormEps)).ToArray();
            var q = normed.Select(r => Linear(r, w, p + "self_attn.q_proj", qkvBias)).ToArray();
            var k = normed.Select(r => Linear(r, w, p + "self_attn.k_proj", qkvBias)).ToArray();
            var v = normed.Select(r => Linear(r, w, p + "self_attn.v_proj", qkvBias)).ToArray();
            for (var t = 0; t < s; t++)
            {
                for (var head = 0; head < nh; head++)
                {
                    Rope(q[t], head * hd, hd, t, c.RopeTheta, c.Architecture == DecoderArchitecture.Qwen3 ? w[p + "self_attn.q_norm.weight"].Values : null, c.RmsNormEps);
                }

                for (var head = 0; head < nkv; head++)
                {
                    Rope(k[t], head * hd, hd, t, c.RopeTheta, c.Architecture == DecoderArchitecture.Qwen3 ? w[p + "self_attn.k_norm.weight"].Values : null, c.RmsNormEps);
                }
            }

            var attn = new double[s][];
            for (var t = 0; t < s; t++)
            {
                attn[t] = new double[nh * hd];
                for (var head = 0; head < nh; head++)
                {
                    var kvh = head / (nh / nkv);
                    var scores = new double[t + 1];
                    for (var j = 0; j <= t; j++)
                    {
                        double dot = 0;
                        for (var d = 0; d < hd; d++)
                        {
                            dot += q[t][(head * hd) + d] * k[j][(kvh * hd) + d];
                        }

                        scores[j] = dot / Math.Sqrt(hd);
                    }

                    var max = scores.Max();
                    var e = scores.Select(sc => Math.Exp(sc - max)).ToArray();
                    var sum = e.Sum();
                    for (var j = 0; j <= t; j++)
                    {
                        for (var d = 0; d < hd; d++)
                        {
                            attn[t][(head * hd) + d] += e[j] / sum * v[j][(kvh * hd) + d];
                        }
                    }
                }
            }

            for (var t = 0; t < s; t++)
            {
                var o = Linear(attn[t], w, p + "self_attn.o_proj", c.AttentionBias && c.Architecture != DecoderArchitecture.Qwen2);
                var hh = x[t].Zip(o, (a, b) => a + b).ToArray();
                var n2 = RmsNorm(hh, w[p + "post_attention_layernorm.weight"].Values, c.RmsNormEps);
                var gate = Linear(n2, w, p + "mlp.gate_proj", false);
                var up = Linear(n2, w, p + "mlp.up_proj", false);
                var act = gate.Zip(up, (g, u) => g / (1 + Math.Exp(-g)) * u).ToArray();
                var down = Linear(act, w, p + "mlp.down_proj", false);
                x[t] = hh.Zip(down, (a, b) => a + b).ToArray();
            }

            layers[l] = x.Select(r => (double[])r.Clone()).ToArray();
        }

        var head0 = c.TieWordEmbeddings ? "model.embed_tokens.weight" : "lm_head.weight";
        var logits = x.Select(r => MatVec(w[head0].Values, RmsNorm(r, w["model.norm.weight"].Values, c.RmsNormEps), c.VocabSize)).ToArray();
        return (logits, layers);
    }

    private static double[] Row(double[] m, int row, int width) => m.AsSpan(row * width, width).ToArray();

    private static double[] RmsNorm(double[] x, double[] weight, double eps)
    {
        var ms = x.Sum(v => v * v) / x.Length;
        var scale = 1 / Math.Sqrt(ms + eps);
        return x.Select((v, i) => v * scale * weight[i]).ToArray();
    }

    private static double[] Linear(double[] x, Dictionary<string, (long[] Shape, double[] Values)> w, string name, bool bias)
    {
        var (shape, values) = w[name + ".weight"];
        var y = MatVec(values, x, (int)shape[0]);
        if (bias)
        {
            var b = w[name + ".bias"].Values;
            for (var i = 0; i < y.Length; i++)
            {
                y[i] += b[i];
            }
        }

        return y;
    }

    internal static double[] MatVec(double[] m, double[] x, int rows)
    {
        var y = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            double acc = 0;
            for (var i = 0; i < x.Length; i++)
            {
                acc += m[(r * x.Length) + i] * x[i];
            }

            y[r] = acc;
        }

        return y;
    }

    /// <summary>Optional per-head RMSNorm, then rotate-half RoPE of one head in place.</summary>
    private static void Rope(double[] vec, int start, int hd, int pos, double theta, double[]? norm, double eps)
    {
        var head = vec.AsSpan(start, hd).ToArray();
        if (norm is not null)
        {
            head = RmsNorm(head, norm, eps);
        }

        var half = hd / 2;
        for (var i = 0; i < half; i++)
        {
            var angle = pos / Math.Pow(theta, 2.0 * i / hd);
            double cos = Math.Cos(angle), sin = Math.Sin(angle);
            vec[start + i] = (head[i] * cos) - (head[i + half] * sin);
            vec[start + i + half] = (head[i + half] * cos) + (head[i] * sin);
        }
    }
}
