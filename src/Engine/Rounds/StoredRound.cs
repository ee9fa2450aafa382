using Tournament.Abstractions;

namespace Tournament.Engine.Rounds;

/// <summary>Rebuilds the result of a round that is already committed, from the state alone (nothing is changed).</summary>
internal static class StoredRound
{
    public static async Task<RoundResult> LoadAsync(IStateStore state, RoundSummary summary, CancellationToken cancellationToken)
    {
        var scores = await state.LoadScoresAsync(summary.Mode, summary.BlockHash, cancellationToken).ConfigureAwait(false);
        var snapshot = await state.LoadAsync(summary.Mode, cancellationToken).ConfigureAwait(false);
        var rounds = await state.ListRoundsAsync(summary.Mode, 64, cancellationToken).ConfigureAwait(false);
        var position = rounds.ToList().FindIndex(r => string.Equals(r.BlockHash, summary.BlockHash, StringComparison.OrdinalIgnoreCase));
        var kingBefore = position >= 0 && position + 1 < rounds.Count ? rounds[position + 1].King : null;

        var outcomes = scores.Select(s =>
        {
            var submission = snapshot.Standings.Find(s.Key)?.Submission;
            var source = s.Status == CandidateStatus.Disqualified && snapshot.Disqualifications.TryGetValue(s.Key, out var dq) ? dq.Source : null;
            return new CandidateOutcome(s.Key.Hotkey, s.Key.CommitBlock, submission?.Uid, submission?.Model.ToString(), s.Status, s.Score, s.Reason, source, s.Key == kingBefore);
        }).ToList();
        var kingGone = kingBefore is { } k && k != summary.King && snapshot.Disqualifications.ContainsKey(k);

        // The standings are the mode's current ones: they equal this round's when it is the latest committed round.
        return new RoundResult(summary, outcomes, snapshot.Standings, null, kingGone, true, []);
    }
}
