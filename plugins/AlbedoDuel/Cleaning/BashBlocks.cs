using System.Text;

namespace Tournament.Plugins.AlbedoDuel.Cleaning;

/// <summary>The fenced <c>bash</c> (or <c>sh</c>) blocks of a reply, each whitespace-normalised, by one linear scan.</summary>
internal static class BashBlocks
{
    private const string Fence = "```";

    public static IReadOnlyList<string> Commands(string reply)
    {
        var commands = new List<string>();
        var i = 0;
        while (true)
        {
            var open = reply.IndexOf(Fence, i, StringComparison.Ordinal);
            if (open < 0)
            {
                return commands;
            }

            var lineEnd = reply.IndexOf('\n', open + Fence.Length);
            if (lineEnd < 0)
            {
                return commands;
            }

            var info = reply.AsSpan(open + Fence.Length, lineEnd - open - Fence.Length).Trim();
            var close = reply.IndexOf(Fence, lineEnd + 1, StringComparison.Ordinal);
            var end = close < 0 ? reply.Length : close;
            if (info is "bash" or "sh" or "shell")
            {
                commands.Add(Normalize(reply.AsSpan(lineEnd + 1, end - lineEnd - 1)));
            }

            if (close < 0)
            {
                return commands;
            }

            i = close + Fence.Length;
        }
    }

    /// <summary>Whitespace runs become one space; leading and trailing whitespace is dropped.</summary>
    public static string Normalize(ReadOnlySpan<char> command)
    {
        var text = new StringBuilder(command.Length);
        var pendingSpace = false;
        foreach (var c in command)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = text.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                text.Append(' ');
                pendingSpace = false;
            }

            text.Append(c);
        }

        return text.ToString();
    }
}
