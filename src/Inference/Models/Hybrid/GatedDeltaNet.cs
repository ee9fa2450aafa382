using TorchSharp;
using TorchSharp.Modules;
using Tournament.Inference.ModelFiles;
using static TorchSharp.torch;

namespace Tournament.Inference.Models.Hybrid;

/// <summary>
/// Qwen3.5 linear attention (Gated DeltaNet): in_proj_qkv → causal depthwise conv1d + SiLU → q, k, v heads;
/// β = sigmoid(in_proj_b x), g = −exp(A_log)·softplus(in_proj_a x + dt_bias); the gated delta rule (chunked for
/// prefill, token by token for one-token steps); a gated RMSNorm with z = in_proj_z x; out_proj.
/// </summary>
internal sealed class GatedDeltaNet : nn.Module<AttentionInput, Tensor>
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Linear in_proj_qkv;
    private readonly Linear in_proj_z;
    private readonly Linear in_proj_b;
    private readonly Linear in_proj_a;
    private readonly Conv1d conv1d;
    private readonly Parameter dt_bias;
    private readonly Parameter A_log;
    private readonly GatedRmsNorm norm;
    private readonly Linear out_proj;
#pragma warning restore IDE1006
    private readonly long keyHeads;
    private readonly long valueHeads;
    private readonly long keyDim;
    private readonly long valueDim;
    private readonly long kernel;

    public GatedDeltaNet(DecoderConfig config, HybridConfig h, Device device, ScalarType dtype)
        : base(nameof(GatedDeltaNet))
    {
        keyHeads = h.LinearNumKeyHeads;
        valueHeads = h.LinearNumValueHeads;
        keyDim = h.LinearKeyHeadDim;
        valueDim = h.LinearValueHeadDim;
        kernel = h.LinearConvKernelDim;
        var channels = ConvChannels(h);
        long hidden = config.HiddenSize;
        in_proj_qkv = nn.Linear(hidden, channels, hasBias: false, device, dtype);
        in_proj_z = nn.Linear(hidden, valueHeads * valueDim, hasBias: false, device, dtype);
        in_proj_b = nn.Linear(hidden, valueHeads, hasBias: false, device, dtype);
        in_proj_a = nn.Linear(hidden, valueHeads, hasBias: false, device, dtype);
        conv1d = nn.Conv1d(channels, channels, kernel, groups: channels, bias: false, device: device, dtype: dtype);
        dt_bias = nn.Parameter(ones(valueHeads, dtype: dtype, device: device), requires_grad: false);
        A_log = nn.Parameter(zeros(valueHeads, dtype: dtype, device: device), requires_grad: false);
        norm = new GatedRmsNorm(valueDim, config.RmsNormEps, device, dtype);
        out_proj = nn.Linear(valueHeads * valueDim, hidden, hasBias: false, device, dtype);
        RegisterComponents();
    }

    /// <summary>The conv channels: q and k (key heads × key dim each) and v (value heads × value dim).</summary>
    public static long ConvChannels(HybridConfig h) =>
        (2L * h.LinearNumKeyHeads * h.LinearKeyHeadDim) + ((long)h.LinearNumValueHeads * h.LinearValueHeadDim);

    public override Tensor forward(AttentionInput input)
    {
        using var scope = NewDisposeScope();
        var x = input.Hidden;
        if (input.TokenMask is { } tokens)
        {
            x = x * tokens.to_type(x.dtype).unsqueeze(-1);
        }

        long batch = x.shape[0], seq = x.shape[1];
        var (convState, recurrentState) = input.Cache?.LinearState(input.Layer) ?? (null, null);
        var mixed = in_proj_qkv.forward(x).transpose(1, 2);
        var window = convState ?? zeros(batch, mixed.shape[1], kernel - 1, dtype: mixed.dtype, device: mixed.device);
        var padded = cat([window, mixed], 2);
        var conv = nn.functional.silu(conv1d.forward(padded)).transpose(1, 2);
        var q = conv.narrow(-1, 0, keyHeads * keyDim).view(batch, seq, keyHeads, keyDim);
        var k = conv.narrow(-1, keyHeads * keyDim, keyHeads * keyDim).view(batch, seq, keyHeads, keyDim);
        var v = conv.narrow(-1, 2 * keyHeads * keyDim, valueHeads * valueDim).view(batch, seq, valueHeads, valueDim);
        var beta = in_proj_b.forward(x).sigmoid();
        var a = in_proj_a.forward(x).to_type(ScalarType.Float32) + dt_bias.to_type(ScalarType.Float32);
        var g = -A_log.to_type(ScalarType.Float32).exp() * nn.functional.softplus(a);
        var (core, state) = seq == 1 && recurrentState is not null
            ? GatedDeltaRule.Recurrent(q, k, v, g, beta, recurrentState)
            : GatedDeltaRule.Chunked(q, k, v, g, beta, recurrentState);
        input.Cache?.SetLinearState(input.Layer, padded.narrow(2, padded.shape[2] - (kernel - 1), kernel - 1), state);
        var z = in_proj_z.forward(x).view(batch, seq, valueHeads, valueDim);
        var normed = norm.forward(core, z).reshape(batch, seq, valueHeads * valueDim);
        return out_proj.forward(normed).MoveToOuterDisposeScope();
    }
}
