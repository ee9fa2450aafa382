namespace Tournament.Inference.Models.Hybrid;

/// <summary>Qwen3.5 checkpoint key facts: the wrapper prefix, and the tensors a text-only runtime never loads.</summary>
internal static class HybridCheckpoint
{
    /// <summary>The language model's prefix inside the conditional-generation wrapper.</summary>
    public const string LanguageModelPrefix = "model.language_model.";

    /// <summary>
    /// The vision tower (<c>model.visual.*</c>, or <c>visual.*</c> in some exports) and the multi-token-prediction head
    /// (<c>mtp.*</c>): recognised, counted by param-limit from the headers, never loaded for text scoring.
    /// </summary>
    public static bool IsSkipped(string key) =>
        key.StartsWith("model.visual.", StringComparison.Ordinal)
        || key.StartsWith("visual.", StringComparison.Ordinal)
        || key.StartsWith("mtp.", StringComparison.Ordinal);
}
