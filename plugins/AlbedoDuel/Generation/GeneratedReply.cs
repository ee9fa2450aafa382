namespace Tournament.Plugins.AlbedoDuel.Generation;

/// <summary>What became of one side's generation for a sample.</summary>
internal enum GenerationStatus
{
    /// <summary>A reply was generated.</summary>
    Ok,

    /// <summary>Generation failed (tallied per side; the sample is not finished).</summary>
    Failed,

    /// <summary>Not started before the side's time budget ran out (not a failure; the sample is not finished).</summary>
    Skipped,
}

/// <summary>One side's generated reply for a sample; null text when generation failed or was skipped.</summary>
/// <param name="Text">The raw reply, or null.</param>
/// <param name="Truncated">Generation stopped at the new-token limit.</param>
internal sealed record GeneratedReply(string? Text, bool Truncated)
{
    public GenerationStatus Status { get; init; } = Text is null ? GenerationStatus.Failed : GenerationStatus.Ok;

    /// <summary>Prompt tokens (as rendered with the canonical template, or as the server counted them).</summary>
    public int PromptTokens { get; init; }

    /// <summary>Generated tokens.</summary>
    public int CompletionTokens { get; init; }

    /// <summary>Why generation failed, one sentence.</summary>
    public string? Error { get; init; }

    public static GeneratedReply Failed(string error) => new(null, false) { Status = GenerationStatus.Failed, Error = error };

    public static GeneratedReply Skipped { get; } = new(null, false) { Status = GenerationStatus.Skipped };
}
