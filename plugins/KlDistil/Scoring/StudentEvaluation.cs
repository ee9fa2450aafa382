using Tournament.Abstractions;
using Tournament.Inference.Kl;
using Tournament.Inference.Models;
using Tournament.Plugins.KlDistil.Teacher;
using static TorchSharp.torch;

namespace Tournament.Plugins.KlDistil.Scoring;

/// <summary>
/// Teacher-forced KL of one student on the teacher's continuations: one forward over prompt + continuation; the logits
/// at positions promptLen−1 … end−2 predict continuation tokens 0 … n−1. Per prompt: the mean over its positions;
/// model score: the mean of the per-prompt means. With <c>crossCheck</c>, every position is also computed by
/// <see cref="Float64Kl"/> and the largest differences are recorded in the candidate's metrics.
/// </summary>
internal static class StudentEvaluation
{
    /// <summary>Metric: the largest |float32 kernel − float64 reference| over all scored positions.</summary>
    public const string MaxPositionDiff = "f64_max_abs_diff_position";

    /// <summary>Metric: |model score − the float64 reference model score|.</summary>
    public const string ScoreDiff = "f64_abs_diff_score";

    /// <summary>Metric: the float64 reference model score.</summary>
    public const string ReferenceScore = "f64_score";

    public static CandidateScore Evaluate(DecoderModel student, TeacherOutput teacher, IKlMeasure measure, bool crossCheck, double copyThreshold, Dictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var scores = new List<PromptScore>();
        var referenceMeans = new List<double>();
        var maxDiff = 0.0;
        foreach (var c in teacher.Continuations)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var output = student.forward(new DecoderInput(tensor(Sequence(c), [1, c.PromptIds.Length + c.ContinuationIds.Length])));
            var logits = output.Logits[0].narrow(0, c.PromptIds.Length - 1, c.ContinuationIds.Length);
            var kl = measure.Measure(logits, c);
            if (!kl.AllFinite)
            {
                return new ScoreFailed("non-finite-kl", $"The KL on prompt '{c.PromptId}' is not finite at {kl.NonFinitePositions.Length} continuation positions (first: {kl.NonFinitePositions[0]}).", scores);
            }

            scores.Add(new PromptScore(c.PromptId, kl.Mean));
            if (crossCheck)
            {
                var reference = measure.Reference(logits, c);
                referenceMeans.Add(reference.Average());
                maxDiff = Math.Max(maxDiff, reference.Select((r, p) => Math.Abs(r - kl.PerPosition[p])).Max());
            }
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

        if (crossCheck)
        {
            metrics[ReferenceScore] = referenceMeans.Average();
            metrics[ScoreDiff] = Math.Abs(mean - referenceMeans.Average());
            metrics[MaxPositionDiff] = maxDiff;
        }

        return new Scored(mean, scores, metrics);
    }

    private static long[] Sequence(TeacherContinuation c) => [.. c.PromptIds.Concat(c.ContinuationIds).Select(i => (long)i)];
}
