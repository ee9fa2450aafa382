namespace Tournament.Plugins.KlDistil.Teacher;

/// <summary>
/// One prompt continued by the teacher, in token space: the scored sequence is <see cref="PromptIds"/> followed by
/// <see cref="ContinuationIds"/> (never re-tokenised text). <see cref="TopIds"/>[i] / <see cref="TopLogProbs"/>[i] are
/// the teacher's top-k log-probabilities for continuation position i.
/// </summary>
internal sealed record TeacherContinuation(
    string PromptId,
    int[] PromptIds,
    int[] ContinuationIds,
    int[][] TopIds,
    float[][] TopLogProbs);

/// <summary>A prompt the teacher step dropped, with the reason (for example a continuation under the minimum).</summary>
internal sealed record DroppedPrompt(string PromptId, string Reason);

/// <summary>The teacher's work for one round: kept continuations (in prompt order) and dropped prompts.</summary>
internal sealed record TeacherOutput(
    IReadOnlyList<TeacherContinuation> Continuations,
    IReadOnlyList<DroppedPrompt> Dropped,
    int VocabSize);

/// <summary>What one backend call produced for one prompt.</summary>
internal sealed record TeacherGeneration(int[] Ids, int[][] TopIds, float[][] TopLogProbs);

/// <summary>The settings that shape the teacher's output (all part of the cache key).</summary>
internal sealed record TeacherSettings(
    int MaxNewTokens,
    int TopK,
    int MinContinuationTokens,
    int MaxPromptTokens,
    bool Sample,
    double Temperature,
    double TopP);
