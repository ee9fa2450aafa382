using Tournament.Plugins.AlbedoDuel.Cleaning;

namespace Tournament.Plugins.AlbedoDuel.Judging;

/// <summary>
/// How close a reply is to the sample's original reply, per metric, each in [0, 1] (docs/albedo-mode.md):
/// correctness = token Jaccard of the first bash command with the original's; grounding = word-set Jaccard of the
/// THOUGHT (the text before the first fence); progress = their mean; protocol = 1 when the reply starts with
/// <c>THOUGHT:</c> and has exactly one bash block, else 0; efficiency = 1 − |len − len₀| / max(len, len₀).
/// </summary>
internal static class ReplySimilarity
{
    public static double[] Metrics(string reply, string original)
    {
        var commands = BashBlocks.Commands(reply);
        var originalCommands = BashBlocks.Commands(original);
        var action = commands.Count == 0 || originalCommands.Count == 0 ? 0 : Jaccard(commands[0].Split(' '), originalCommands[0].Split(' '));
        var thought = Jaccard(Words(Thought(reply)), Words(Thought(original)));
        var protocol = reply.TrimStart().StartsWith("THOUGHT:", StringComparison.Ordinal) && commands.Count == 1 ? 1.0 : 0.0;
        var longest = Math.Max(reply.Length, original.Length);
        var efficiency = reply.Length == 0 ? 0 : 1.0 - ((double)Math.Abs(reply.Length - original.Length) / longest);
        return [action, thought, (action + thought) / 2, protocol, efficiency];
    }

    private static string Thought(string reply)
    {
        var fence = reply.IndexOf("```", StringComparison.Ordinal);
        return fence < 0 ? reply : reply[..fence];
    }

    private static string[] Words(string text) =>
        text.ToLowerInvariant().Split((char[])[' ', '\n', '\t', '.', ',', ';', ':', '(', ')', '`', '\'', '"'], StringSplitOptions.RemoveEmptyEntries);

    private static double Jaccard(IEnumerable<string> a, IEnumerable<string> b)
    {
        var left = a.ToHashSet(StringComparer.Ordinal);
        var right = b.ToHashSet(StringComparer.Ordinal);
        if (left.Count == 0 && right.Count == 0)
        {
            return 0;
        }

        var common = left.Count(right.Contains);
        return (double)common / (left.Count + right.Count - common);
    }
}
