namespace Tournament.Plugins.AlbedoDuel.Cleaning;

/// <summary>What the injection stripping did to a reply.</summary>
/// <param name="Text">The cleaned reply (empty when blanked).</param>
/// <param name="Cut">A <c>---</c> breakout followed by a verdict or grading instruction was cut off.</param>
/// <param name="RemovedObjects">Verdict-shaped JSON objects removed.</param>
/// <param name="Blanked">A JSON object still carried a verdict value or an injection key: the whole reply was blanked.</param>
/// <param name="ThinkRemoved">An unclosed <c>&lt;think&gt;</c> block was removed.</param>
/// <param name="Steps">Character visits of the scan (linear in the reply's length).</param>
internal sealed record StrippedReply(string Text, bool Cut, int RemovedObjects, bool Blanked, bool ThinkRemoved, long Steps)
{
    public bool Changed => Cut || RemovedObjects > 0 || Blanked || ThinkRemoved;
}

/// <summary>
/// Reply injection stripping (docs/albedo-mode.md), by linear scans only: no regular expression ever runs over a
/// reply (a backtracking regex over fence-heavy text froze the original judge).
/// 1. an unclosed <c>&lt;think&gt;</c> is removed with everything after it;
/// 2. (a) a run of three or more <c>-</c> followed later by <c>"verdict"</c> + whitespace + <c>:</c> or by
/// <c>GRADING INSTRUCTION</c> (ASCII case-insensitive) is cut, from the first such run onward;
/// 3. (b) every balanced <c>{…}</c> whose first key is <c>"verdict"</c> or <c>"injection"</c> is removed;
/// 4. (c) if a quoted token inside any remaining brace (escapes decoded, case-insensitive) is a verdict value
/// (<c>accept</c>, <c>weak_pass</c>, <c>reject</c>) or an <c>injection</c> key, the reply is blanked.
/// </summary>
internal static class ReplyStripper
{
    private const int MaxToken = 64;
    private static readonly string[] VerdictValues = ["accept", "weak_pass", "reject"];

    public static StrippedReply Strip(string reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var steps = 0L;
        var thinkRemoved = ThinkBlocks.RemoveUnclosed(reply, out var text, ref steps);
        var scan = new TextScan(text);
        var cutAt = BreakoutStart(scan);
        if (cutAt >= 0)
        {
            text = text[..cutAt];
            scan = Carry(scan, text);
        }

        var pairs = BracePairs(scan);
        var removed = 0;
        if (pairs.Count > 0)
        {
            (text, removed) = RemoveVerdictObjects(scan, pairs);
            scan = Carry(scan, text);
            pairs = BracePairs(scan);
        }

        var blanked = CarriesVerdict(scan, pairs);
        return new StrippedReply(blanked ? string.Empty : text.TrimEnd(), cutAt >= 0, removed, blanked, thinkRemoved, steps + scan.Steps);
    }

    private static TextScan Carry(TextScan previous, string text)
    {
        var next = new TextScan(text);
        next.Step(previous.Steps);
        return next;
    }

    /// <summary>The start of the first run of ≥ 3 dashes that a verdict marker follows, or −1.</summary>
    private static int BreakoutStart(TextScan scan)
    {
        var text = scan.Text;
        var lastMarker = -1;
        for (var i = 0; i < text.Length; i++)
        {
            scan.Step();
            if ((text[i] == '"' && scan.At(i + 1, "verdict\"") && scan.SkipWhitespace(i + 9) is var k && k < text.Length && text[k] == ':')
                || ((text[i] is 'G' or 'g') && scan.At(i, "grading instruction")))
            {
                lastMarker = i;
            }
        }

        var run = 0;
        for (var i = 0; i < lastMarker; i++)
        {
            scan.Step();
            run = text[i] == '-' ? run + 1 : 0;
            if (run == 3)
            {
                return i - 2;
            }
        }

        return -1;
    }

    /// <summary>Balanced brace pairs (open, close) by a stack; an unclosed <c>{</c> is paired with the end of the text.</summary>
    private static List<(int Open, int Close)> BracePairs(TextScan scan)
    {
        var text = scan.Text;
        var stack = new Stack<int>();
        var pairs = new List<(int, int)>();
        for (var i = 0; i < text.Length; i++)
        {
            scan.Step();
            if (text[i] == '{')
            {
                stack.Push(i);
            }
            else if (text[i] == '}' && stack.Count > 0)
            {
                pairs.Add((stack.Pop(), i));
            }
        }

        while (stack.Count > 0)
        {
            pairs.Add((stack.Pop(), text.Length));
        }

        return pairs;
    }

    private static (string Text, int Removed) RemoveVerdictObjects(TextScan scan, List<(int Open, int Close)> pairs)
    {
        var text = scan.Text;
        var ranges = pairs.Where(p => p.Close < text.Length && IsVerdictShaped(scan, p.Open)).OrderBy(p => p.Open).ToList();
        var kept = new System.Text.StringBuilder(text.Length);
        var position = 0;
        var removed = 0;
        foreach (var (open, close) in ranges)
        {
            if (open < position)
            {
                continue; // nested inside a range already removed
            }

            kept.Append(text, position, open - position);
            position = close + 1;
            removed++;
        }

        kept.Append(text, position, text.Length - position);
        scan.Step(text.Length);
        return (kept.ToString(), removed);
    }

    private static bool IsVerdictShaped(TextScan scan, int open)
    {
        var i = scan.SkipWhitespace(open + 1);
        if (i >= scan.Text.Length || scan.Text[i] is not ('"' or '\''))
        {
            return false;
        }

        var key = scan.QuotedToken(i, MaxToken, out var end);
        return key is "verdict" or "injection" && scan.SkipWhitespace(end) is var k && k < scan.Text.Length && scan.Text[k] == ':';
    }

    private static bool CarriesVerdict(TextScan scan, List<(int Open, int Close)> pairs)
    {
        var text = scan.Text;
        var depth = new int[text.Length + 1];
        foreach (var (open, close) in pairs)
        {
            depth[open]++;
            depth[Math.Min(close + 1, text.Length)]--;
        }

        var inside = 0;
        for (var i = 0; i < text.Length; i++)
        {
            scan.Step();
            inside += depth[i];
            if (inside <= 0 || text[i] is not ('"' or '\''))
            {
                continue;
            }

            var token = scan.QuotedToken(i, MaxToken, out var end);
            if (token is null)
            {
                continue;
            }

            if (VerdictValues.Contains(token.Trim()) || (token.Trim() == "injection" && scan.SkipWhitespace(end) is var k && k < text.Length && text[k] == ':'))
            {
                return true;
            }

            for (var j = i + 1; j < end; j++)
            {
                inside += depth[j];
            }

            i = end - 1;
        }

        return false;
    }
}
