using System.ComponentModel.DataAnnotations;
using Tournament.Abstractions;

namespace Tournament.Fixtures.Duel;

public sealed class ToyDuelOptions
{
    /// <summary>The challenger must beat the king by at least this much.</summary>
    [Range(0.0, 1.0)]
    public double Margin { get; set; } = 0.05;

    /// <summary>Winning duels needed before the crown passes (2 = "must win twice").</summary>
    [Range(1, 3)]
    public int WinsRequired { get; set; } = 1;
}

/// <summary>
/// A toy duel king rule: the challenger takes the crown after <see cref="ToyDuelOptions.WinsRequired"/> duels won by
/// the margin; before that it asks for a re-evaluation and its standing counts the wins. With no king seated (or the
/// king gone) a scored challenger is crowned. Weights are winner-take-all.
/// </summary>
[Component("toy-duel-margin", Options = typeof(ToyDuelOptions), Description = "Challenger crowned after N wins by a margin (test fixture).")]
public sealed class ToyDuelKingRule(ToyDuelOptions options) : IKingRule
{
    public const string Wins = "wins";

    public KingDecision Decide(KingRuleInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var king = input.KingGone ? null : input.CurrentKing;
        var challenger = input.Eligible.FirstOrDefault(s => s.Key != input.CurrentKing);
        if (challenger is null || ScoreOf(input, challenger.Key) is not { } challengerScore)
        {
            return Keep(king, input.Previous, "No challenger was scored; the crown does not change.");
        }

        var wins = (int)(input.Previous.Find(challenger.Key)?.Metrics.GetValueOrDefault(Wins) ?? 0);
        var kingScore = king is { } k ? ScoreOf(input, k) : null;
        var won = king is null || (kingScore is { } ks && challengerScore >= ks + options.Margin);
        wins += won ? 1 : 0;
        var standings = Put(input.Previous, challenger, challengerScore, wins, input.Round.Head.Number);
        if (won && (king is null || wins >= options.WinsRequired))
        {
            return new KingDecision(challenger.Key, standings, WeightVector.WinnerTakesAll(challenger.Hotkey), [], $"{challenger.Key} takes the crown ({challengerScore:0.00}).");
        }

        var decision = Keep(king, standings, won
            ? $"{challenger.Key} beat the king {king} ({wins} of {options.WinsRequired} wins) and meets it again."
            : $"The king {king} holds against {challenger.Key}.");
        return won ? decision with { ReEvaluate = [challenger.Key] } : decision;
    }

    private static double? ScoreOf(KingRuleInput input, SubmissionKey key) =>
        input.Scores.Results.TryGetValue(key, out var result) ? result.AsScored?.Value : null;

    private static KingDecision Keep(SubmissionKey? king, Standings standings, string why) =>
        new(king, standings, king is { } k ? WeightVector.WinnerTakesAll(k.Hotkey) : WeightVector.Empty, [], why);

    private static Standings Put(Standings previous, Submission submission, double score, int wins, long block)
    {
        var entries = previous.Entries.Where(e => e.Key != submission.Key).ToList();
        var rounds = previous.Find(submission.Key)?.RoundsScored ?? 0;
        entries.Add(new StandingEntry(submission, score, rounds + 1, block, new Dictionary<string, double> { [Wins] = wins }));
        return new Standings(entries);
    }
}
