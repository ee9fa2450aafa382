namespace Tournament.Inference.Training;

/// <summary>
/// One training sequence. Without <see cref="Teacher"/> the loss is cross-entropy on the ids whose
/// <see cref="LossMask"/> is set (SFT); with it, the KL distillation loss on the teacher's positions.
/// </summary>
/// <param name="Ids">Token ids (at least two).</param>
/// <param name="LossMask">Per id, whether predicting it counts in the SFT loss (the first id never does).</param>
public sealed record TrainingExample(long[] Ids, bool[] LossMask)
{
    /// <summary>Teacher top-k targets for distillation; null for SFT.</summary>
    public TeacherTargets? Teacher { get; init; }

    /// <summary>An SFT example from a rendered conversation.</summary>
    /// <param name="conversation">The ids and their assistant mask.</param>
    public static TrainingExample FromConversation(RenderedConversation conversation)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        return new TrainingExample(conversation.Ids, conversation.AssistantMask);
    }
}

/// <summary>
/// Teacher top-k log-probabilities for the tokens <c>Ids[Start..Start+Rows)</c>: row j is the teacher's distribution of
/// token <c>Start + j</c> given the tokens before it (what <c>TextGenerator</c> returns as top log-probs).
/// </summary>
/// <param name="Start">The first distilled position (at least 1).</param>
/// <param name="TopIds">Per row, k token ids.</param>
/// <param name="TopLogProbs">Per row, their k log-probabilities.</param>
public sealed record TeacherTargets(int Start, long[][] TopIds, float[][] TopLogProbs);
