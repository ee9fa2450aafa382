using Tournament.Abstractions;

namespace Tournament.Plugins.AlbedoDuel.Duel;

/// <summary>
/// The duel scorer's phase timings, reported as score-sheet metrics whose names end in <c>seconds</c>: the engine
/// records those as the round's <c>scorer</c> timings (round.json, <c>tournament serve</c>'s round view and
/// <c>/metrics</c>), summed over the round's sequential duels (one call each); each challenger's own figures stay in its
/// score's metrics (round.json <c>outcomes[i].metrics</c>) and in its duel's <c>verdict.json</c> (<c>phase_seconds</c>).
/// The phases follow one another, each measured from the end of the previous one, so they never
/// overlap and their sum is at most the scoring call (which the engine times as the component <c>scorer:duel</c>).
/// The bootstrap and the gates run in the <c>duel-margin</c> rule, timed by the engine as <c>king-rule:duel-margin</c>.
/// </summary>
internal sealed class DuelPhases(TimeProvider time)
{
    /// <summary>The king's replies to every sample (model load included).</summary>
    public const string KingGeneration = "king_generation_seconds";

    /// <summary>The challenger's replies to every sample (model load included).</summary>
    public const string ChallengerGeneration = "challenger_generation_seconds";

    /// <summary>Screening, the judge panel's calls and re-asks, the evidence.</summary>
    public const string Judging = "judging_seconds";

    /// <summary>Building the duel's trace files.</summary>
    public const string Traces = "traces_seconds";

    /// <summary>Every phase, in duel order.</summary>
    public static IReadOnlyList<string> All { get; } = [KingGeneration, ChallengerGeneration, Judging, Traces];

    private readonly Dictionary<string, double> _seconds = [];
    private long _lap = time.GetTimestamp();

    /// <summary>The phase timings a challenger's score carries (<see cref="DuelMetrics"/>), in duel order; empty when none.</summary>
    public static IReadOnlyDictionary<string, double> Of(Scored challenger)
    {
        ArgumentNullException.ThrowIfNull(challenger);
        var phases = new Dictionary<string, double>();
        foreach (var phase in All.Where(challenger.Metrics.ContainsKey))
        {
            phases[phase] = challenger.Metrics[phase];
        }

        return phases;
    }

    /// <summary>The phases ended so far, in seconds.</summary>
    public IReadOnlyDictionary<string, double> Seconds => _seconds;

    /// <summary>Ends a phase: the time since the previous one ended (or since this object was created).</summary>
    public void End(string phase)
    {
        var now = time.GetTimestamp();
        _seconds[phase] = time.GetElapsedTime(_lap, now).TotalSeconds;
        _lap = now;
    }
}
