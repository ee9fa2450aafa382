namespace Tournament.Plugins.AlbedoDuel.Cleaning;

/// <summary>Small linear-scan helpers shared by the reply cleaners; every call counts its character visits.</summary>
internal sealed class TextScan(string text)
{
    public string Text { get; } = text;

    /// <summary>Character visits so far: the tests bound the work by this, never by time.</summary>
    public long Steps { get; private set; }

    public void Step(long count = 1) => Steps += count;

    /// <summary>The index after the whitespace starting at <paramref name="i"/>.</summary>
    public int SkipWhitespace(int i)
    {
        while (i < Text.Length && char.IsWhiteSpace(Text[i]))
        {
            Step();
            i++;
        }

        return i;
    }

    /// <summary>True when <paramref name="word"/> occurs at <paramref name="i"/>, ignoring ASCII case.</summary>
    public bool At(int i, string word)
    {
        Step(word.Length);
        return i + word.Length <= Text.Length && Text.AsSpan(i, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The quoted token starting at the quote <paramref name="i"/> (<c>"</c> or <c>'</c>), JSON escapes decoded and
    /// lower-cased, read up to <paramref name="max"/> characters; null when it does not close within them.
    /// <paramref name="end"/> is the index after the closing quote.
    /// </summary>
    public string? QuotedToken(int i, int max, out int end)
    {
        var quote = Text[i];
        end = i + 1;
        var window = Text.AsSpan(i + 1, Math.Min(max, Text.Length - i - 1));
        var close = window.IndexOf(quote);
        if (close < 0 || window[..close].IndexOf('\\') < 0)
        {
            Step(close < 0 ? window.Length : close + 1);
            end = close < 0 ? end : i + close + 2;
            return close < 0 ? null : window[..close].ToString().ToLowerInvariant();
        }

        var token = new System.Text.StringBuilder();
        for (var j = i + 1; j < Text.Length && j <= i + max; j++)
        {
            Step();
            var c = Text[j];
            if (c == quote)
            {
                end = j + 1;
                return token.ToString().ToLowerInvariant();
            }

            if (c == '\\' && j + 1 < Text.Length)
            {
                if (Text[j + 1] == 'u' && j + 5 < Text.Length && int.TryParse(Text.AsSpan(j + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var code))
                {
                    token.Append((char)code);
                    j += 5;
                }
                else
                {
                    token.Append(Text[j + 1]);
                    j++;
                }

                continue;
            }

            token.Append(c);
        }

        return null;
    }
}
