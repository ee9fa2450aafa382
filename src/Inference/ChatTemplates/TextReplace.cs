using System.Text;

namespace Tournament.Inference.ChatTemplates;

/// <summary>The reference's <c>replace</c>: a Unicode-aware global replace (never inside a surrogate pair; an empty
/// needle inserts at every code point boundary), at most <c>count</c> times.</summary>
internal static class TextReplace
{
    public static string Replace(string text, string oldValue, string newValue, double count)
    {
        if (count == 0)
        {
            return text;
        }

        StringBuilder sb = new();
        double remaining = count;
        if (oldValue.Length == 0)
        {
            for (int i = 0; i <= text.Length; i++)
            {
                bool insidePair = i > 0 && i < text.Length && char.IsHighSurrogate(text[i - 1]) && char.IsLowSurrogate(text[i]);
                if (!insidePair && remaining > 0)
                {
                    sb.Append(newValue);
                    remaining--;
                }

                if (i < text.Length)
                {
                    sb.Append(text[i]);
                }
            }

            return sb.ToString();
        }

        int at = 0;
        int search = 0;
        while (remaining > 0 && search <= text.Length - oldValue.Length)
        {
            int found = text.IndexOf(oldValue, search, StringComparison.Ordinal);
            if (found < 0)
            {
                break;
            }

            int end = found + oldValue.Length;
            if (SplitsPair(text, found) || SplitsPair(text, end))
            {
                search = found + 1;
                continue;
            }

            sb.Append(text, at, found - at).Append(newValue);
            at = search = end;
            remaining--;
        }

        sb.Append(text, at, text.Length - at);
        return sb.ToString();
    }

    private static bool SplitsPair(string text, int index)
        => index > 0 && index < text.Length && char.IsHighSurrogate(text[index - 1]) && char.IsLowSurrogate(text[index]);
}
