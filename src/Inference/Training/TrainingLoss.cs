using Tournament.Inference.Kl;
using Tournament.Inference.Models;
using static TorchSharp.torch;

namespace Tournament.Inference.Training;

/// <summary>
/// The loss of a micro-batch, as a sum over its counted positions (the caller divides by the count of the whole
/// optimiser step, so gradient accumulation equals one large batch): SFT cross-entropy on masked ids, and the Distil
/// sparse KL(teacher‖student) on teacher rows. Computed in float32 (float64 for float64 models).
/// </summary>
public static class TrainingLoss
{
    /// <summary>The positions <paramref name="example"/> contributes to a loss.</summary>
    /// <param name="example">The example.</param>
    public static int CountedPositions(TrainingExample example)
    {
        ArgumentNullException.ThrowIfNull(example);
        return example.Teacher is { } teacher ? teacher.TopIds.Length : example.LossMask.Skip(1).Count(m => m);
    }

    /// <summary>Runs the model on the right-padded micro-batch and returns the summed loss (with autograd when trainable).</summary>
    /// <param name="model">The model.</param>
    /// <param name="batch">The examples (checked by <see cref="TrainingExamples.Check"/>).</param>
    public static Tensor Sum(DecoderModel model, IReadOnlyList<TrainingExample> batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        var width = batch.Max(e => e.Ids.Length);
        var ids = new long[batch.Count * width];
        var mask = new long[batch.Count * width];
        for (var b = 0; b < batch.Count; b++)
        {
            batch[b].Ids.CopyTo(ids, b * width);
            Array.Fill(mask, 1L, b * width, batch[b].Ids.Length);
        }

        var compute = model.DType == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        using var input = tensor(ids, [batch.Count, width], device: model.Device);
        using var attention = tensor(mask, [batch.Count, width], device: model.Device);
        using var output = model.forward(new DecoderInput(input) { AttentionMask = attention });
        var total = zeros([], compute, model.Device);
        var sft = batch.Select((e, b) => (e, b)).Where(x => x.e.Teacher is null)
            .SelectMany(x => Enumerable.Range(1, x.e.Ids.Length - 1).Where(t => x.e.LossMask[t]).Select(t => (Row: (long)x.b, Pos: (long)t - 1, Target: x.e.Ids[t])))
            .ToArray();
        if (sft.Length > 0)
        {
            var logits = Select(output.Logits, sft.Select(s => s.Row), sft.Select(s => s.Pos), model.Device).to_type(compute);
            var targets = tensor(sft.Select(s => s.Target).ToArray(), device: model.Device).unsqueeze(1);
            total = total - logits.log_softmax(1).gather(1, targets).sum();
        }

        foreach (var group in batch.Select((e, b) => (e, b)).Where(x => x.e.Teacher is not null).GroupBy(x => x.e.Teacher!.TopIds[0].Length))
        {
            var rows = group.SelectMany(x => Enumerable.Range(0, x.e.Teacher!.TopIds.Length).Select(j => (x.e.Teacher, Row: (long)x.b, Pos: (long)x.e.Teacher.Start - 1 + j, J: j))).ToArray();
            var logits = Select(output.Logits, rows.Select(r => r.Row), rows.Select(r => r.Pos), model.Device);
            var k = group.Key;
            var teacherIds = tensor(rows.SelectMany(r => r.Teacher!.TopIds[r.J]).ToArray(), [rows.Length, k], device: model.Device);
            var teacherLps = tensor(rows.SelectMany(r => r.Teacher!.TopLogProbs[r.J]).ToArray(), [rows.Length, k], device: model.Device);
            total = total + KlDivergence.SparseRows(logits, teacherIds, teacherLps, compute).sum();
        }

        return total;
    }

    private static Tensor Select(Tensor logits, IEnumerable<long> rows, IEnumerable<long> positions, Device device)
    {
        var r = tensor(rows.ToArray(), device: device);
        var p = tensor(positions.ToArray(), device: device);
        return logits.index([TensorIndex.Tensor(r), TensorIndex.Tensor(p)]);
    }
}
