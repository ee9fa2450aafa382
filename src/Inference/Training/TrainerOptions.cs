using System.Globalization;

namespace Tournament.Inference.Training;

/// <summary>Optimiser, schedule and batching settings of a training run.</summary>
public sealed record TrainerOptions
{
    /// <summary>Peak learning rate (after warmup).</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>The learning rate at the end of the cosine, as a fraction of the peak.</summary>
    public double MinLearningRateRatio { get; init; } = 0.1;

    /// <summary>Optimiser steps of linear warmup from 0 to the peak.</summary>
    public int WarmupSteps { get; init; }

    /// <summary>Passes over the examples (sets the number of optimiser steps).</summary>
    public int Epochs { get; init; } = 1;

    /// <summary>Sequences per forward pass.</summary>
    public int MicroBatchSize { get; init; } = 4;

    /// <summary>Micro-batches whose gradients add up to one optimiser step.</summary>
    public int GradientAccumulation { get; init; } = 1;

    /// <summary>Gradients are scaled so their global L2 norm is at most this (0 turns clipping off).</summary>
    public double MaxGradNorm { get; init; } = 1.0;

    /// <summary>AdamW decoupled weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <summary>AdamW β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>AdamW β2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>AdamW ε.</summary>
    public double Epsilon { get; init; } = 1e-8;

    /// <summary>Seed of the example order (derive it from the round seed); each epoch is a fresh permutation.</summary>
    public ulong Seed { get; init; }

    /// <summary>The optimiser steps a run over <paramref name="examples"/> examples takes.</summary>
    /// <param name="examples">The number of examples.</param>
    public int TotalSteps(int examples) =>
        (int)Math.Max(1, Math.Ceiling((double)examples * Epochs / ((double)MicroBatchSize * GradientAccumulation)));

    /// <summary>Refuses values that cannot train.</summary>
    /// <exception cref="ArgumentException">One sentence naming the setting.</exception>
    public void Validate()
    {
        Require(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= 1, "LearningRate", LearningRate, "(0, 1]");
        Require(double.IsFinite(MinLearningRateRatio) && MinLearningRateRatio is >= 0 and <= 1, "MinLearningRateRatio", MinLearningRateRatio, "[0, 1]");
        Require(WarmupSteps is >= 0 and <= 10_000_000, "WarmupSteps", WarmupSteps, "[0, 10000000]");
        Require(Epochs is >= 1 and <= 10_000, "Epochs", Epochs, "[1, 10000]");
        Require(MicroBatchSize is >= 1 and <= 4096, "MicroBatchSize", MicroBatchSize, "[1, 4096]");
        Require(GradientAccumulation is >= 1 and <= 4096, "GradientAccumulation", GradientAccumulation, "[1, 4096]");
        Require(double.IsFinite(MaxGradNorm) && MaxGradNorm >= 0, "MaxGradNorm", MaxGradNorm, "[0, ∞)");
        Require(double.IsFinite(WeightDecay) && WeightDecay is >= 0 and <= 1, "WeightDecay", WeightDecay, "[0, 1]");
        Require(double.IsFinite(Beta1) && Beta1 is >= 0 and < 1, "Beta1", Beta1, "[0, 1)");
        Require(double.IsFinite(Beta2) && Beta2 is >= 0 and < 1, "Beta2", Beta2, "[0, 1)");
        Require(double.IsFinite(Epsilon) && Epsilon > 0, "Epsilon", Epsilon, "(0, ∞)");
    }

    private static void Require(bool ok, string name, double value, string range)
    {
        if (!ok)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be in {range}; got {value:R}."));
        }
    }
}
