namespace Tournament.Plugins.AlbedoDuel.Cleaning;

/// <summary>Removes an unclosed <c>&lt;think&gt;</c> block: from the last <c>&lt;think&gt;</c> that no <c>&lt;/think&gt;</c> follows, to the end.</summary>
internal static class ThinkBlocks
{
    private const string Open = "<think>";
    private const string Close = "</think>";

    public static bool RemoveUnclosed(string reply, out string text, ref long steps)
    {
        var lastOpen = reply.LastIndexOf(Open, StringComparison.Ordinal);
        var lastClose = reply.LastIndexOf(Close, StringComparison.Ordinal);
        steps += 2L * reply.Length;
        if (lastOpen < 0 || lastClose > lastOpen)
        {
            text = reply;
            return false;
        }

        text = reply[..lastOpen].TrimEnd();
        return true;
    }
}
