namespace Tournament.Inference.Tokenizers;

/// <summary>Bounds applied when loading and running a tokenizer from untrusted files.</summary>
public sealed record HfTokenizerOptions
{
    /// <summary>Largest tokenizer.json read (default 64 MiB; the real Qwen3 file is 11 MiB).</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest JSON nesting depth accepted (default 64).</summary>
    public int MaxJsonDepth { get; init; } = 64;

    /// <summary>Time limit for one pre-tokenizer regex scan; a slower pattern is reported as catastrophic.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(2);

    public static HfTokenizerOptions Default { get; } = new();
}
