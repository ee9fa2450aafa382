using Tournament.Engine.Configuration;
using Tournament.Engine.Tests.Rounds.Fakes;
using Tournament.Fixtures.Duel;

namespace Tournament.Engine.Tests.Rounds.Scheduling;

/// <summary>A <see cref="RoundRig"/> in queue scheduling with the fixture plugin's toy duel scorer and king rule.</summary>
internal static class DuelRig
{
    public static (RoundRig Rig, ToyDuelScorer Scorer) Create(int maxChallengers, int winsRequired = 1, PromptSeeding prompts = PromptSeeding.Round)
    {
        var scorer = new ToyDuelScorer();
        var rig = new RoundRig
        {
            ScorerOverride = scorer,
            KingRule = new ToyDuelKingRule(new ToyDuelOptions { WinsRequired = winsRequired }),
            Schedule = new ScheduleSettings { Candidates = CandidateScheduling.Queue, MaxChallengers = maxChallengers, Prompts = prompts },
        };
        return (rig, scorer);
    }

    /// <summary>The hotkeys of each scoring call, king first.</summary>
    public static List<string> Calls(ToyDuelScorer scorer) =>
        [.. scorer.Requests.Select(r => string.Join(",", r.Candidates.OrderByDescending(c => c.IsKing).Select(c => (c.IsKing ? "*" : "") + c.Submission.Hotkey)))];
}
