namespace Tournament.Inference.Generation;

/// <summary>
/// Stop-string checks on decoded text, bounded per token: only the last few tokens are decoded (a stop string of L
/// characters spans at most L tokens that each decode to at least one character, plus partial UTF-8 at the edges).
/// </summary>
internal static class StopStringSearch
{
    /// <summary>Extra tokens decoded beyond the longest stop string, for UTF-8 sequences split across tokens.</summary>
    private const int Slack = 4;

    /// <summary>Whether the decoded tail of <paramref name="ids"/> contains a stop string.</summary>
    public static bool EndsInStop(List<long> ids, IReadOnlyList<string>? stops, Func<IReadOnlyList<long>, string>? decode)
    {
        if (stops is not { Count: > 0 } || decode is null)
        {
            return false;
        }

        var window = Math.Min(ids.Count, stops.Max(s => s.Length) + Slack);
        var tail = decode(ids.GetRange(ids.Count - window, window));
        return stops.Any(s => tail.Contains(s, StringComparison.Ordinal));
    }

    /// <summary>The text up to the earliest stop string (all of it when none occurs).</summary>
    public static string CutAtStop(string text, IReadOnlyList<string>? stops)
    {
        if (stops is not { Count: > 0 })
        {
            return text;
        }

        var cut = stops.Select(s => text.IndexOf(s, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(text.Length).Min();
        return text[..cut];
    }
}
