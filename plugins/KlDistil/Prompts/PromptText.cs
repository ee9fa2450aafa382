using System.Text;

namespace Tournament.Plugins.KlDistil.Prompts;

/// <summary>The climbmix/v1 row filter: drop control characters, require printable text, truncate at a boundary.</summary>
internal static class PromptText
{
    /// <summary>Normalises one row; null when the row is rejected. Lengths count Unicode scalar values.</summary>
    public static string? Normalize(string? text, int maxChars, long minPrintablePpm)
    {
        if (text is null)
        {
            return null;
        }

        var runes = new List<Rune>(Math.Min(text.Length, maxChars + 1024));
        long printable = 0, visible = 0;
        for (var i = 0; i < text.Length;)
        {
            // A lone surrogate is dropped like a control character.
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var used) != System.Buffers.OperationStatus.Done)
            {
                i += Math.Max(used, 1);
                continue;
            }

            i += used;
            if (IsDropped(rune))
            {
                continue;
            }

            runes.Add(rune);
            if (IsPrintable(rune))
            {
                printable++;
            }

            if (!IsWhitespace(rune))
            {
                visible++;
            }
        }

        if (visible == 0 || printable * 1_000_000 < runes.Count * minPrintablePpm)
        {
            return null;
        }

        var end = runes.Count <= maxChars ? runes.Count : Boundary(runes, maxChars);
        while (end > 0 && IsWhitespace(runes[end - 1]))
        {
            end--;
        }

        if (end == 0)
        {
            return null;
        }

        var builder = new StringBuilder(end);
        for (var i = 0; i < end; i++)
        {
            builder.Append(runes[i].ToString());
        }

        return builder.ToString();
    }

    /// <summary>End (exclusive) of the kept prefix of the first <paramref name="maxChars"/> scalars.</summary>
    internal static int Boundary(IReadOnlyList<Rune> runes, int maxChars)
    {
        for (var i = maxChars - 1; i >= 0; i--)
        {
            var c = runes[i].Value;
            if (c == '\n' && i > 0)
            {
                return i;
            }

            if (i + 1 < maxChars && c is '.' or '!' or '?' && runes[i + 1].Value == ' ')
            {
                return i + 1;
            }
        }

        for (var i = maxChars - 1; i >= 0; i--)
        {
            if (i > 0 && IsWhitespace(runes[i]))
            {
                return i;
            }
        }

        return maxChars;
    }

    /// <summary>C0 controls except tab, LF, CR; DEL; C1 controls.</summary>
    internal static bool IsDropped(Rune rune)
    {
        var c = rune.Value;
        return (c < 0x20 && c is not ('\t' or '\n' or '\r')) || (c >= 0x7F && c <= 0x9F);
    }

    internal static bool IsWhitespace(Rune rune) => rune.Value is ' ' or '\t' or '\n' or '\r';

    /// <summary>Every kept scalar is printable except a fixed, Unicode-version-independent list.</summary>
    internal static bool IsPrintable(Rune rune)
    {
        var c = rune.Value;
        return !(c == 0xFFFD                            // replacement character (undecodable input)
            || (c >= 0xE000 && c <= 0xF8FF)             // private use area
            || c >= 0xF0000                             // supplementary private use planes 15-16
            || (c >= 0xFDD0 && c <= 0xFDEF)             // noncharacters
            || (c & 0xFFFE) == 0xFFFE                   // U+xxFFFE / U+xxFFFF noncharacters
            || (c >= 0xFFF0 && c <= 0xFFFC)             // specials
            || (c >= 0x200B && c <= 0x200F)             // zero-width and direction marks
            || (c >= 0x202A && c <= 0x202E)             // bidi embeddings and overrides
            || (c >= 0x2060 && c <= 0x206F)             // invisible operators, bidi isolates
            || c == 0xFEFF                              // byte order mark
            || c == 0x00AD);                            // soft hyphen
    }
}
