using Tournament.Abstractions;
using Tournament.Inference.Kl;
using Tournament.Inference.Models;
using Tournament.Plugins.KlDistil.Teacher;
using static TorchSharp.torch;

namespace Tournament.Plugins.KlDistil.Scoring;

/// <summary>
/// Teacher-forced sparse KL of one student on the teacher's continuations: one forward over prompt + continuation;
/// the logits at positions promptLen−1 … end−2 predict continuation tokens 0 … n−1.
/// </summary>
internal static class StudentEvaluation
{
    public static CandidateScore Evaluate(DecoderModel student, TeacherOutput teacher, int chunkPositions, double copyThreshold, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var scores = new List<PromptScore>();
        foreach (var c in teacher.Continuations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var kl = PromptKl(student, c, chunkPositions);
            if (!kl.AllFinite)
            {
                return new ScoreFailed("non-finite-kl", $"The KL on prompt '{c.PromptId}' is not finite at {kl.NonFinitePositions.Length} continuation positions (first: {kl.NonFinitePositions[0]}).", scores);
            }

            scores.Add(new PromptScore(c.PromptId, kl.Mean));
        }

        if (scores.Count == 0)
        {
            return new Deferred("The teacher kept no prompt this round; nothing to score.");
        }

        var mean = scores.Average(s => s.Value);
        if (mean <= copyThreshold)
        {
            return new Disqualified("teacher-copy", $"The mean KL to the teacher is {mean:G3}, at or below {copyThreshold:G3}: the model is a copy of the teacher.");
        }

        return new Scored(mean, scores, metrics);
    }

    public static KlResult PromptKl(DecoderModel student, TeacherContinuation c, int chunkPositions)
    {
        using var scope = NewDisposeScope();
        var sequence = c.PromptIds.Concat(c.ContinuationIds).Select(i => (long)i).ToArray();
        var ids = tensor(sequence, [1, sequence.Length]);
        using var output = student.forward(new DecoderInput(ids));
        var n = c.ContinuationIds.Length;
        var logits = output.Logits[0].narrow(0, c.PromptIds.Length - 1, n);
        var k = c.TopIds[0].Length; // the teacher step checks that every position has the same k
        var topIds = c.TopIds.SelectMany(t => t).Select(i => (long)i).ToArray();
        var topValues = c.TopLogProbs.SelectMany(t => t).ToArray();
        return KlDivergence.Sparse(logits, tensor(topIds, [n, k]), tensor(topValues, [n, k]), chunkPositions);
    }
}
