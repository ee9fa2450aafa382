using Microsoft.Extensions.Logging;
using Tournament.Abstractions;
using Tournament.Engine.Composition;
using Tournament.Engine.Configuration;

namespace Tournament.Engine.Rounds;

/// <summary>
/// Queue scheduling: the king meets each queued challenger in turn, challenger i+1 facing the king as it stands
/// after challenger i's verdict. Each duel is one scoring call and one king rule decision; the round commits once.
/// </summary>
internal sealed partial class RoundRunner
{
    private async Task<RoundScoring> DuelAsync(
        ModeComposition composition,
        RoundContext round,
        StateSnapshot snapshot,
        Candidate? king,
        List<Candidate> challengers,
        RoundBook book,
        ComponentErrorCounter faults,
        bool kingGone,
        CancellationToken cancellationToken)
    {
        var roundKing = round.King;
        if (roundKing is { } seated && !kingGone && king is null)
        {
            return KeepKing(round, snapshot, book, false, $"The king {seated} could not be checked this round; no duel runs and the queued challengers wait.");
        }

        if (challengers.Count == 0)
        {
            return KeepKing(round, snapshot, book, kingGone, kingGone
                ? $"The king {roundKing} is gone and no queued challenger passed the checks; nobody holds the crown."
                : "No queued challenger passed the checks this round; the crown does not change.");
        }

        var state = new DuelState(king, roundKing, kingGone, snapshot.Standings, round.Head.Number);
        PromptSet? roundPrompts = null;
        foreach (var challenger in challengers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var perChallenger = composition.Schedule.Prompts == PromptSeeding.Challenger;
            var promptSeed = perChallenger ? round.Seed.ForChallenger(challenger.Submission.Hotkey) : round.Seed.Derive(PromptSeedLabel);
            var prompts = perChallenger
                ? await SelectPromptsAsync(composition, round, promptSeed, cancellationToken).ConfigureAwait(false)
                : roundPrompts ??= await SelectPromptsAsync(composition, round, promptSeed, cancellationToken).ConfigureAwait(false);

            cancellationToken.ThrowIfCancellationRequested();
            var duelRound = round with { King = state.KingKey };
            List<Candidate> entrants = state.King is { } k && !state.Gone ? [k with { IsKing = true }, challenger with { IsKing = false }] : [challenger with { IsKing = false }];
            var (sheet, scored) = await ScoreContainedAsync(composition, duelRound, prompts, entrants, book, faults, cancellationToken).ConfigureAwait(false);
            var gone = state.Gone;
            var eligible = ApplyScores(composition.Scorer.Name, sheet, scored, book, ref gone, state.KingKey, roundKing);
            var decision = Decide(composition, new KingRuleInput(duelRound, state.Standings, state.KingKey, gone, eligible, sheet), book);
            var reEvaluate = decision.ReEvaluate.Contains(challenger.Submission.Key);
            if (logger.IsEnabled(LogLevel.Information))
            {
                RoundLog.Duel(logger, challenger.Submission.Key, state.KingKey, decision.King, decision.Explanation);
            }
            state.Record(challenger, decision, Alive(decision.Standings, book, snapshot), prompts, promptSeed, sheet, book, reEvaluate);
        }

        return state.Result(kingGone);
    }

    /// <summary>The running state of a round's duels: the king as it stands, the standings, and what each duel left.</summary>
    private sealed class DuelState(Candidate? king, SubmissionKey? kingKey, bool gone, Standings standings, long block)
    {
        private readonly List<DuelReport> _duels = [];
        private readonly List<SubmissionKey> _evaluated = [];
        private readonly List<KingRecord> _crowned = [];
        private KingDecision? _last;
        private PromptSet _prompts = RoundScoring.NoPrompts;
        private RoundSeed? _promptSeed;
        private ScoreSheet _sheet = RoundScoring.NoScores;

        public Candidate? King { get; private set; } = king;

        public SubmissionKey? KingKey { get; private set; } = kingKey;

        public bool Gone { get; private set; } = gone;

        public Standings Standings { get; private set; } = standings;

        public void Record(Candidate challenger, KingDecision decision, Standings after, PromptSet prompts, RoundSeed promptSeed, ScoreSheet sheet, RoundBook book, bool reEvaluate)
        {
            var key = challenger.Submission.Key;
            var status = book.Outcomes.FirstOrDefault(o => o.Key == key)?.Status;
            if (!reEvaluate && status is CandidateStatus.Scored or CandidateStatus.Failed)
            {
                _evaluated.Add(key);
            }

            _duels.Add(new DuelReport(key.ToString(), KingKey?.ToString(), decision.King?.ToString(), promptSeed.ToString(), [.. prompts.Prompts.Select(p => p.Id)], decision.Explanation, reEvaluate));
            if (decision.King != KingKey)
            {
                if (decision.King is { } crowned)
                {
                    _crowned.Add(new KingRecord(crowned, block, decision.Explanation));
                }

                King = decision.King == key ? challenger : null;
                KingKey = decision.King;
            }

            Gone = false;
            Standings = after;
            _last = decision;
            _prompts = prompts;
            _promptSeed = promptSeed;
            _sheet = sheet;
        }

        public RoundScoring Result(bool kingGone)
        {
            var last = _last ?? throw new InvalidOperationException("No duel ran.");
            var explanation = _duels.Count == 1
                ? last.Explanation
                : string.Join(" ", _duels.Select((d, i) => $"Duel {i + 1} ({d.Challenger}): {d.Explanation}"));
            var finalKing = KingKey;
            return new RoundScoring(
                last with { Explanation = explanation },
                Standings,
                _prompts,
                _promptSeed!,
                _sheet,
                kingGone,
                _evaluated,
                [.. _crowned.Where(k => k.Key != finalKing)],
                _duels);
        }
    }
}
