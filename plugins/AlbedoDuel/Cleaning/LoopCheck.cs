namespace Tournament.Plugins.AlbedoDuel.Cleaning;

/// <summary>The loop verdict of a reply.</summary>
/// <param name="Commands">The normalised bash commands, in order.</param>
/// <param name="DuplicateRatio"><c>1 − unique/total</c> (0 with no command).</param>
/// <param name="MaxRepeatRun">The longest run of one command repeated back to back.</param>
/// <param name="Looped">True when the ratio is ≥ 0.5 or a command repeats ≥ 4 times in a row.</param>
internal sealed record LoopVerdict(IReadOnlyList<string> Commands, double DuplicateRatio, int MaxRepeatRun, bool Looped);

/// <summary>The loop check (docs/albedo-mode.md): a looped reply loses every metric of its sample without a judge call.</summary>
internal static class LoopCheck
{
    public const double MaxDuplicateRatio = 0.5;
    public const int MaxRepeats = 4;

    public static LoopVerdict Check(string reply)
    {
        var commands = BashBlocks.Commands(reply);
        if (commands.Count == 0)
        {
            return new LoopVerdict(commands, 0, 0, false);
        }

        var ratio = 1.0 - ((double)commands.Distinct(StringComparer.Ordinal).Count() / commands.Count);
        var longest = 1;
        var run = 1;
        for (var i = 1; i < commands.Count; i++)
        {
            run = commands[i] == commands[i - 1] ? run + 1 : 1;
            longest = Math.Max(longest, run);
        }

        return new LoopVerdict(commands, ratio, longest, ratio >= MaxDuplicateRatio || longest >= MaxRepeats);
    }
}
