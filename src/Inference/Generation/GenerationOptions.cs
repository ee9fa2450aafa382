using System.ComponentModel.DataAnnotations;

namespace Tournament.Inference.Generation;

/// <summary>How to continue a prompt.</summary>
public sealed record GenerationOptions
{
    /// <summary>Stop after this many new tokens.</summary>
    [Range(1, 1_000_000)]
    public int MaxNewTokens { get; init; } = 512;

    /// <summary>How many top log-probabilities to keep per generated token (0 keeps none).</summary>
    [Range(0, 1_000_000)]
    public int TopLogProbs { get; init; } = 128;

    /// <summary>0 means greedy; otherwise logits are divided by it before sampling.</summary>
    [Range(0.0, 100.0)]
    public double Temperature { get; init; }

    /// <summary>Nucleus sampling: keep the smallest set of tokens whose probability reaches this (1 keeps all).</summary>
    [Range(0.0, 1.0)]
    public double TopP { get; init; } = 1.0;

    /// <summary>Seed of the sampler's torch.Generator.</summary>
    public ulong Seed { get; init; }

    /// <summary>Stop tokens; null uses the model config's <c>eos_token_id</c>.</summary>
    public IReadOnlyList<long>? EosTokenIds { get; init; }

    /// <summary>Reuse keys/values of earlier positions (false re-runs the whole sequence each step; for checks).</summary>
    public bool UseKvCache { get; init; } = true;
}

/// <summary>Why generation stopped.</summary>
public enum StopReason
{
    /// <summary>An end-of-sequence token was generated (it is included in the ids).</summary>
    Eos,

    /// <summary>The maximum number of new tokens was reached.</summary>
    MaxNewTokens,
}

/// <summary>The top log-probabilities (float32 log_softmax of the raw logits) at one generated position.</summary>
/// <param name="Ids">Token ids, most probable first.</param>
/// <param name="LogProbs">Their log-probabilities.</param>
public sealed record TopLogProbs(long[] Ids, float[] LogProbs);

/// <summary>A continuation.</summary>
/// <param name="Ids">The generated token ids (prompt excluded).</param>
/// <param name="TopLogProbs">Per generated token, the top-k ids and log-probabilities of the distribution it was drawn from.</param>
/// <param name="StopReason">Why it stopped.</param>
public sealed record GenerationResult(IReadOnlyList<long> Ids, IReadOnlyList<TopLogProbs> TopLogProbs, StopReason StopReason);
