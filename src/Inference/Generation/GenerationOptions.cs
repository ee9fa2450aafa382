using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Tournament.Inference.Generation;

/// <summary>How to continue a prompt.</summary>
public sealed record GenerationOptions
{
    /// <summary>The most stop strings one request may carry.</summary>
    public const int MaxStopStrings = 16;

    /// <summary>The longest stop string, in characters.</summary>
    public const int MaxStopStringLength = 256;

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

    /// <summary>Sample only among the this many most probable tokens (0 keeps all). Applied before top-p.</summary>
    [Range(0, 1_000_000)]
    public int TopK { get; init; }

    /// <summary>Seed of the sampler's torch.Generator (the one-prompt path; batch rows carry their own).</summary>
    public ulong Seed { get; init; }

    /// <summary>Stop tokens; null uses the model config's <c>eos_token_id</c>.</summary>
    public IReadOnlyList<long>? EosTokenIds { get; init; }

    /// <summary>
    /// Stop when the decoded continuation contains one of these (needs a decoder); the text is cut before it, the ids
    /// keep the token that completed it. At most <see cref="MaxStopStrings"/>, each 1 to
    /// <see cref="MaxStopStringLength"/> characters.
    /// </summary>
    public IReadOnlyList<string>? StopStrings { get; init; }

    /// <summary>Reuse keys/values of earlier positions (false re-runs the whole sequence each step; for checks).</summary>
    public bool UseKvCache { get; init; } = true;

    /// <summary>Refuses values a sampler cannot honour (NaN, negative temperature, top-p outside (0, 1], ...).</summary>
    /// <exception cref="ArgumentException">One sentence naming the field and the value.</exception>
    public void Validate()
    {
        Require(MaxNewTokens is >= 1 and <= 1_000_000, $"MaxNewTokens must be in [1, 1000000]; got {MaxNewTokens}.");
        Require(TopLogProbs is >= 0 and <= 1_000_000, $"TopLogProbs must be in [0, 1000000]; got {TopLogProbs}.");
        Require(double.IsFinite(Temperature) && Temperature is >= 0 and <= 100, $"Temperature must be a finite number in [0, 100]; got {Show(Temperature)}.");
        Require(double.IsFinite(TopP) && TopP is > 0 and <= 1, $"TopP must be in (0, 1]; got {Show(TopP)}.");
        Require(TopK is >= 0 and <= 1_000_000, $"TopK must be in [0, 1000000]; got {TopK}.");
        if (StopStrings is { } stops)
        {
            Require(stops.Count <= MaxStopStrings, $"At most {MaxStopStrings} stop strings are allowed; got {stops.Count}.");
            Require(
                stops.All(s => !string.IsNullOrEmpty(s) && s.Length <= MaxStopStringLength),
                $"Stop strings must be 1 to {MaxStopStringLength} characters long.");
        }
    }

    private static string Show(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void Require(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException(message);
        }
    }
}

/// <summary>Why generation stopped.</summary>
public enum StopReason
{
    /// <summary>A stop (end-of-sequence) token was generated (it is included in the ids).</summary>
    Eos,

    /// <summary>The maximum number of new tokens was reached.</summary>
    MaxNewTokens,

    /// <summary>The decoded continuation reached a stop string (the text is cut before it).</summary>
    StopString,
}

/// <summary>The top log-probabilities (float32 log_softmax of the raw logits) at one generated position.</summary>
/// <param name="Ids">Token ids, most probable first.</param>
/// <param name="LogProbs">Their log-probabilities.</param>
public sealed record TopLogProbs(long[] Ids, float[] LogProbs);

/// <summary>A continuation.</summary>
/// <param name="Ids">The generated token ids (prompt excluded).</param>
/// <param name="TopLogProbs">Per generated token, the top-k ids and log-probabilities of the distribution it was drawn from.</param>
/// <param name="StopReason">Why it stopped.</param>
public sealed record GenerationResult(IReadOnlyList<long> Ids, IReadOnlyList<TopLogProbs> TopLogProbs, StopReason StopReason)
{
    /// <summary>The decoded continuation (without a final stop token, cut before a stop string); null without a decoder.</summary>
    public string? Text { get; init; }

    /// <summary>The number of prompt tokens.</summary>
    public int PromptTokens { get; init; }

    /// <summary>The number of generated tokens.</summary>
    public int CompletionTokens => Ids.Count;
}

/// <summary>One prompt of a batch.</summary>
/// <param name="PromptIds">The prompt's token ids (at least one).</param>
/// <param name="Seed">
/// The row's sampler seed; derive it through the round seed (<c>roundSeed.Derive("…/row-label").ToUInt64()</c>) so a row's
/// sample depends only on its own label, never on its place in the batch.
/// </param>
public sealed record GenerationRequest(IReadOnlyList<long> PromptIds, ulong Seed = 0);
