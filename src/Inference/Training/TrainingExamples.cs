namespace Tournament.Inference.Training;

/// <summary>Checks examples against a model before any training step, so a bad one fails early with its index.</summary>
public static class TrainingExamples
{
    /// <summary>The longest sequence accepted.</summary>
    public const int MaxSequenceLength = 1 << 16;

    /// <summary>Throws when an example cannot be used with a model of <paramref name="vocabSize"/> tokens.</summary>
    /// <param name="examples">The examples.</param>
    /// <param name="vocabSize">The model's vocabulary size.</param>
    /// <exception cref="ArgumentException">One sentence naming the example.</exception>
    public static void Check(IReadOnlyList<TrainingExample> examples, long vocabSize)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (examples.Count == 0)
        {
            throw new ArgumentException("There are no training examples.");
        }

        for (var i = 0; i < examples.Count; i++)
        {
            var e = examples[i] ?? throw new ArgumentException($"Training example {i} is null.");
            var problem = Problem(e, vocabSize);
            if (problem is not null)
            {
                throw new ArgumentException($"Training example {i} {problem}.");
            }
        }
    }

    private static string? Problem(TrainingExample e, long vocab)
    {
        if (e.Ids is null || e.LossMask is null || e.Ids.Length < 2 || e.Ids.Length > MaxSequenceLength)
        {
            return $"must have 2 to {MaxSequenceLength} ids and a loss mask";
        }

        if (e.LossMask.Length != e.Ids.Length)
        {
            return $"has {e.Ids.Length} ids but a loss mask of {e.LossMask.Length}";
        }

        if (e.Ids.Any(id => id < 0 || id >= vocab))
        {
            return $"has a token id outside [0, {vocab})";
        }

        if (e.Teacher is not { } t)
        {
            return TrainingLoss.CountedPositions(e) == 0 ? "has no position to learn (an empty loss mask)" : null;
        }

        if (t.TopIds is null || t.TopLogProbs is null || t.TopIds.Length == 0 || t.TopIds.Length != t.TopLogProbs.Length || t.Start < 1 || t.Start + t.TopIds.Length > e.Ids.Length)
        {
            return "has teacher rows that do not fit its ids (need 1 ≤ start and start + rows ≤ ids)";
        }

        var k = t.TopIds[0]?.Length ?? 0;
        for (var j = 0; j < t.TopIds.Length; j++)
        {
            if (k == 0 || t.TopIds[j]?.Length != k || t.TopLogProbs[j]?.Length != k)
            {
                return $"has teacher row {j} without the same k ({k}) ids and log-probs as its first row";
            }

            if (t.TopIds[j].Any(id => id < 0 || id >= vocab) || t.TopLogProbs[j].Any(v => float.IsNaN(v) || float.IsPositiveInfinity(v)) || t.TopLogProbs[j].All(float.IsNegativeInfinity))
            {
                return $"has teacher row {j} with an id outside [0, {vocab}) or log-probs that are NaN, +∞ or all −∞";
            }
        }

        return null;
    }
}
