using static TorchSharp.torch;

namespace Tournament.Inference.Models;

/// <summary>A forward call: token ids [batch, seq] (right-padded), an optional mask and cache.</summary>
/// <param name="InputIds">Token ids, int64, [batch, seq].</param>
public sealed record DecoderInput(Tensor InputIds)
{
    /// <summary>1 for real tokens, 0 for padding (left or right), [batch, past + seq]; null means all real.</summary>
    public Tensor? AttentionMask { get; init; }

    /// <summary>
    /// Position of each token ([batch, seq], int64) for RoPE; null means <c>cache length + 0..seq-1</c> for every row.
    /// Left-padded batches pass each row's own positions so a row is rotated as if it were alone.
    /// </summary>
    public Tensor? PositionIds { get; init; }

    /// <summary>Keys/values of earlier positions; appended to by the call.</summary>
    public KvCache? Cache { get; init; }

    /// <summary>Compute logits for the last position only ([batch, 1, vocab]).</summary>
    public bool LastPositionOnly { get; init; }

    /// <summary>Also return each decoder layer's output hidden states.</summary>
    public bool OutputHiddenStates { get; init; }
}

/// <summary>The result of a forward call; disposing it frees its tensors.</summary>
public sealed class DecoderOutput : IDisposable
{
    internal DecoderOutput(Tensor logits, IReadOnlyList<Tensor> hiddenStates)
    {
        Logits = logits;
        HiddenStates = hiddenStates;
    }

    /// <summary>Logits [batch, seq, vocab] in the model dtype.</summary>
    public Tensor Logits { get; }

    /// <summary>Output of decoder layer i ([batch, seq, hidden]) when requested; otherwise empty.</summary>
    public IReadOnlyList<Tensor> HiddenStates { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Logits.Dispose();
        foreach (var h in HiddenStates)
        {
            h.Dispose();
        }
    }
}
