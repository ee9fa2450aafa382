using Tournament.Inference.Models;
using Tournament.Abstractions;
using TorchSharp;
using static TorchSharp.torch;

namespace Tournament.Inference.Training;

/// <summary>Where a run stands after an optimiser step.</summary>
/// <param name="Step">Steps done (1-based).</param>
/// <param name="TotalSteps">All steps of the run.</param>
/// <param name="Loss">This step's mean loss per counted position.</param>
/// <param name="LearningRate">This step's learning rate.</param>
/// <param name="GradNorm">The global gradient L2 norm before clipping.</param>
/// <param name="Tokens">Input tokens processed so far (padding excluded).</param>
/// <param name="Elapsed">Time since the run started.</param>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double LearningRate, double GradNorm, long Tokens, TimeSpan Elapsed)
{
    /// <summary>Input tokens per second so far.</summary>
    public double TokensPerSecond => Elapsed > TimeSpan.Zero ? Tokens / Elapsed.TotalSeconds : 0;

    /// <summary>The remaining time at the pace so far.</summary>
    public TimeSpan Eta => Step > 0 ? Elapsed / Step * (TotalSteps - Step) : TimeSpan.Zero;
}

/// <summary>
/// Trains a <see cref="DecoderModel"/> with TorchSharp autograd and AdamW: warmup + cosine learning rate, global
/// gradient-norm clipping, gradient accumulation (the loss of a step is normalised by the counted positions of all its
/// micro-batches, so accumulating equals one large batch). Examples are visited in a seeded order, a fresh
/// permutation per epoch.
/// </summary>
public static class Trainer
{
    /// <summary>Runs the whole schedule.</summary>
    /// <param name="model">The model; it is switched to training mode.</param>
    /// <param name="examples">SFT and/or distillation examples.</param>
    /// <param name="options">The settings.</param>
    /// <param name="time">Clock for throughput and ETA.</param>
    /// <param name="progress">Called after every optimiser step.</param>
    /// <param name="cancellationToken">Checked between micro-batches.</param>
    /// <returns>The progress after the last step.</returns>
    public static TrainingProgress Train(
        DecoderModel model, IReadOnlyList<TrainingExample> examples, TrainerOptions options, TimeProvider time, Action<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        options.Validate();
        TrainingExamples.Check(examples, model.Config.VocabSize);
        model.EnableTraining();
        var parameters = model.parameters().ToList();
        using var optimizer = optim.AdamW(parameters, options.LearningRate, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        var total = options.TotalSteps(examples.Count);
        var order = new ExampleOrder(examples.Count, options.Seed);
        var started = time.GetTimestamp();
        long tokens = 0;
        TrainingProgress last = new(0, total, double.NaN, 0, 0, 0, TimeSpan.Zero);
        for (var step = 0; step < total; step++)
        {
            var lr = LearningRateSchedule.At(step, total, options);
            foreach (var group in optimizer.ParamGroups)
            {
                group.LearningRate = lr;
            }

            optimizer.zero_grad();
            var micro = Enumerable.Range(0, options.GradientAccumulation)
                .Select(_ => Enumerable.Range(0, options.MicroBatchSize).Select(_ => examples[order.Next()]).ToArray()).ToArray();
            var counted = micro.Sum(m => m.Sum(TrainingLoss.CountedPositions));
            var lossSum = 0.0;
            foreach (var batch in micro)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();
                var sum = TrainingLoss.Sum(model, batch);
                (sum / counted).backward();
                lossSum += sum.to_type(ScalarType.Float64).item<double>();
                tokens += batch.Sum(e => e.Ids.Length);
            }

            var norm = nn.utils.clip_grad_norm_(parameters, options.MaxGradNorm > 0 ? options.MaxGradNorm : double.PositiveInfinity);
            optimizer.step();
            last = new TrainingProgress(step + 1, total, lossSum / counted, lr, norm, tokens, time.GetElapsedTime(started));
            progress?.Invoke(last);
        }

        optimizer.zero_grad();
        return last;
    }

    /// <summary>
    /// Cycles through example indices, a fresh permutation per epoch through the round-seed scheme: the seed's 8 bytes
    /// (little-endian, zero-padded to 32) form a <see cref="RoundSeed"/>; epoch e sorts the indices by
    /// <c>Derive("tournament/train-order/v1/e/i").ToUInt64()</c> (ties by index).
    /// </summary>
    private sealed class ExampleOrder(int count, ulong seed)
    {
        private readonly RoundSeed root = Root(seed);
        private int[] current = [];
        private int position;
        private int epoch;

        public int Next()
        {
            if (position == current.Length)
            {
                var e = epoch++;
                current = [.. Enumerable.Range(0, count).OrderBy(i => root.Derive($"tournament/train-order/v1/{e}/{i}").ToUInt64()).ThenBy(i => i)];
                position = 0;
            }

            return current[position++];
        }

        private static RoundSeed Root(ulong seed)
        {
            var bytes = new byte[32];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, seed);
            return RoundSeed.FromBytes(bytes);
        }
    }
}
