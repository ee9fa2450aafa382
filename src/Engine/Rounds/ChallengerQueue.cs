using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>
/// The challenger queue of queue scheduling, derived from committed state only (so a crash re-runs the same
/// challengers): submissions other than the king, neither disqualified nor evaluated yet, oldest commit block first,
/// ties by hotkey (ordinal).
/// </summary>
internal static class ChallengerQueue
{
    public static IReadOnlyList<Submission> Take(IReadOnlyList<Submission> submissions, StateSnapshot snapshot, SubmissionKey? king, int max)
    {
        ArgumentNullException.ThrowIfNull(submissions);
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return [.. submissions
            .Where(s => s.Key != king && !snapshot.Disqualifications.ContainsKey(s.Key) && !snapshot.Evaluated.Contains(s.Key))
            .OrderBy(s => s.CommitBlock)
            .ThenBy(s => s.Hotkey, StringComparer.Ordinal)
            .Take(max)];
    }
}
