namespace Tournament.Inference.Tokenizers;

/// <summary>A stretch of input: either plain text (<see cref="TokenId"/> = -1) or one matched added token.</summary>
internal readonly record struct Segment(string Text, int TokenId);

/// <summary>Finds added tokens in text the way HF's AddedVocabulary does: leftmost match, longest first, honouring
/// lstrip / rstrip / single_word.</summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, AddedToken[]> _byFirstChar;

    public AddedTokenMatcher(IEnumerable<AddedToken> tokens)
    {
        _byFirstChar = tokens
            .GroupBy(t => t.Content[0])
            .ToDictionary(g => g.Key, g => g.OrderByDescending(t => t.Content.Length).ToArray());
    }

    public bool IsEmpty => _byFirstChar.Count == 0;

    public void Split(string text, bool includeSpecial, List<Segment> output)
    {
        int segStart = 0;
        int i = 0;
        while (i < text.Length)
        {
            AddedToken? hit = _byFirstChar.Count == 0 ? null : Match(text, i, includeSpecial);
            if (hit is null)
            {
                i++;
                continue;
            }

            int start = i;
            int end = i + hit.Content.Length;
            if (hit.LStrip)
            {
                while (start > segStart && char.IsWhiteSpace(text[start - 1]))
                {
                    start--;
                }
            }

            if (hit.RStrip)
            {
                while (end < text.Length && char.IsWhiteSpace(text[end]))
                {
                    end++;
                }
            }

            if (start > segStart)
            {
                output.Add(new Segment(text[segStart..start], -1));
            }

            output.Add(new Segment(hit.Content, hit.Id));
            segStart = i = end;
        }

        if (segStart < text.Length)
        {
            output.Add(new Segment(segStart == 0 ? text : text[segStart..], -1));
        }
    }

    private AddedToken? Match(string text, int i, bool includeSpecial)
    {
        if (!_byFirstChar.TryGetValue(text[i], out AddedToken[]? candidates))
        {
            return null;
        }

        foreach (AddedToken t in candidates)
        {
            if ((includeSpecial || !t.Special)
                && text.AsSpan(i).StartsWith(t.Content, StringComparison.Ordinal)
                && (!t.SingleWord || IsWordBoundary(text, i, i + t.Content.Length)))
            {
                return t;
            }
        }

        return null;
    }

    private static bool IsWordBoundary(string text, int start, int end)
        => (start == 0 || !IsWordChar(text[start - 1])) && (end >= text.Length || !IsWordChar(text[end]));

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
