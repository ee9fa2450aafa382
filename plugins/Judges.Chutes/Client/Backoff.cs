namespace Tournament.Plugins.Judges.Chutes.Client;

/// <summary>Exponential backoff with full jitter in the upper half, capped.</summary>
internal static class Backoff
{
    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based).</summary>
    /// <param name="attempt">Retries already made.</param>
    /// <param name="baseDelay">The first delay.</param>
    /// <param name="maxDelay">The cap.</param>
    /// <param name="unit">A random number in [0, 1).</param>
    public static TimeSpan Exponential(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double unit)
    {
        var exponent = Math.Min(Math.Max(attempt, 0), 30);
        var ceiling = Math.Min(baseDelay.TotalMilliseconds * Math.Pow(2, exponent), maxDelay.TotalMilliseconds);
        var jittered = ceiling * (0.5 + (0.5 * Math.Clamp(unit, 0, 1)));
        return TimeSpan.FromMilliseconds(Math.Min(jittered, maxDelay.TotalMilliseconds));
    }

    /// <summary>The provider's <c>Retry-After</c> when it gave one, otherwise exponential backoff; always capped.</summary>
    public static TimeSpan Throttle(TimeSpan? retryAfter, int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double unit) =>
        retryAfter is { } asked
            ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, 0, maxDelay.Ticks))
            : Exponential(attempt, baseDelay, maxDelay, unit);
}
