using TorchSharp;
using TorchSharp.Modules;
using Tournament.Inference.Models.Hybrid;
using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>
/// The <c>model.</c> part of a causal LM: embeddings, layers, final norm. For Qwen3.5 the layers are hybrid (Gated
/// DeltaNet or gated attention), the norms (1 + weight), and the rotary embedding covers the rotary dimensions only:
/// text positions carry the same id on all three multimodal-RoPE axes, so the sections collapse to ordinary RoPE.
/// </summary>
internal sealed class DecoderBody : nn.Module<DecoderInput, (Tensor Hidden, List<Tensor> Layers)>, IDecoderStack
{
#pragma warning disable IDE1006 // field names are checkpoint keys
    private readonly Embedding embed_tokens;
    private readonly ModuleList<nn.Module<AttentionInput, Tensor>> layers;
    private readonly nn.Module<Tensor, Tensor> norm;
#pragma warning restore IDE1006
    private readonly RotaryEmbedding rotary;

    public DecoderBody(DecoderConfig config, Device device, ScalarType dtype)
        : base(nameof(DecoderBody))
    {
        embed_tokens = nn.Embedding(config.VocabSize, config.HiddenSize, device: device, dtype: dtype);
        layers = new ModuleList<nn.Module<AttentionInput, Tensor>>([.. Enumerable.Range(0, config.NumHiddenLayers).Select(i => Layer(config, i, device, dtype))]);
        norm = config.IsHybrid
            ? new OffsetRmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype)
            : new RmsNorm(config.HiddenSize, config.RmsNormEps, device, dtype);
        rotary = new RotaryEmbedding(config.IsHybrid ? config.Hybrid!.RotaryDim(config.HeadDim) : config.HeadDim, config.RopeTheta);
        RegisterComponents();
    }

    public Tensor EmbeddingWeight => embed_tokens.weight!;

    public override (Tensor Hidden, List<Tensor> Layers) forward(DecoderInput input)
    {
        using var scope = NewDisposeScope();
        var ids = input.InputIds;
        long batch = ids.shape[0], seq = ids.shape[1];
        var past = input.Cache?.Length ?? 0;
        var device = ids.device;
        var positions = input.PositionIds is { } given
            ? CheckPositions(given, batch, seq).to(device)
            : arange(past, past + seq, dtype: ScalarType.Int64, device: device).unsqueeze(0).expand(batch, seq);
        var hidden = embed_tokens.forward(ids);
        var (cos, sin) = rotary.CosSin(positions, hidden.dtype);
        var mask = BuildMask(input.AttentionMask, batch, seq, past, device);
        var tokens = input.AttentionMask?.to(device).narrow(1, past, seq);
        var outputs = new List<Tensor>();
        for (var i = 0; i < layers.Count; i++)
        {
            hidden = layers[i].forward(new AttentionInput(hidden, cos, sin, mask, input.Cache, i) { TokenMask = tokens });
            if (input.OutputHiddenStates)
            {
                outputs.Add(hidden);
            }
        }

        input.Cache?.Advance(seq);
        var final = norm.forward(hidden).MoveToOuterDisposeScope();
        foreach (var o in outputs)
        {
            o.MoveToOuterDisposeScope();
        }

        return (final, outputs);
    }

    private static nn.Module<AttentionInput, Tensor> Layer(DecoderConfig config, int index, Device device, ScalarType dtype) =>
        config.IsHybrid ? new HybridLayer(config, config.Hybrid!, index, device, dtype) : new DecoderLayer(config, device, dtype);

    private static Tensor CheckPositions(Tensor positions, long batch, long seq)
    {
        if (positions.shape.Length != 2 || positions.shape[0] != batch || positions.shape[1] != seq)
        {
            throw new ArgumentException($"Position ids must have shape [{batch}, {seq}] (batch, new positions); got [{string.Join(", ", positions.shape)}].");
        }

        return positions.to_type(ScalarType.Int64);
    }

    /// <summary>[batch, 1, seq, past + seq] booleans: causal, real keys only, and always the diagonal (no empty row).</summary>
    internal static Tensor BuildMask(Tensor? attentionMask, long batch, long seq, long past, Device device)
    {
        var total = past + seq;
        var rows = arange(past, total, dtype: ScalarType.Int64, device: device).unsqueeze(1);
        var cols = arange(0, total, dtype: ScalarType.Int64, device: device).unsqueeze(0);
        var causal = cols <= rows;
        var mask = causal.unsqueeze(0).unsqueeze(0).expand(batch, 1, seq, total);
        if (attentionMask is not null)
        {
            if (attentionMask.shape.Length != 2 || attentionMask.shape[0] != batch || attentionMask.shape[1] != total)
            {
                throw new ArgumentException(
                    $"The attention mask must have shape [{batch}, {total}] (batch, cached + new positions); got [{string.Join(", ", attentionMask.shape)}].");
            }

            var keys = attentionMask.to(device).to_type(ScalarType.Bool).view(batch, 1, 1, total);
            mask = mask.logical_and(keys).logical_or((cols == rows).unsqueeze(0).unsqueeze(0));
        }

        return mask;
    }
}
