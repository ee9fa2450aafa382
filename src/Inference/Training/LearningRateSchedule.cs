namespace Tournament.Inference.Training;

/// <summary>Linear warmup to the peak, then cosine decay to <c>peak × min ratio</c> at the last step.</summary>
public static class LearningRateSchedule
{
    /// <summary>The learning rate of optimiser step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    /// <param name="step">The step.</param>
    /// <param name="totalSteps">All steps of the run.</param>
    /// <param name="options">Peak, minimum ratio and warmup.</param>
    public static double At(int step, int totalSteps, TrainerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var peak = options.LearningRate;
        if (step < options.WarmupSteps)
        {
            return peak * (step + 1) / options.WarmupSteps;
        }

        var decaySteps = totalSteps - options.WarmupSteps;
        if (decaySteps <= 1)
        {
            return peak;
        }

        var progress = Math.Min(1.0, (double)(step - options.WarmupSteps) / (decaySteps - 1));
        var min = peak * options.MinLearningRateRatio;
        return min + ((peak - min) * 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
