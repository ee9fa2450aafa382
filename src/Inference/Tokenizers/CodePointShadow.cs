using System.Globalization;

namespace Tournament.Inference.Tokenizers;

/// <summary>
/// .NET regexes match UTF-16 code units, HF's (Oniguruma/Rust) match code points: an astral letter such as U+20000
/// is two <c>Cs</c> units to .NET but one <c>\p{L}</c> to HF, and <c>[^\p{L}]?</c> eats one code point in HF but half
/// of one in .NET. The shadow string replaces each surrogate pair by one BMP character of the same general category,
/// so the pattern sees one character per code point; offsets are mapped back afterwards.
/// </summary>
internal static class CodePointShadow
{
    /// <summary>Returns the text itself (and a null map) when it has no surrogates, else the shadow and a map from
    /// shadow index to original index (one entry longer than the shadow).</summary>
    public static string Create(string text, out int[]? map)
    {
        int first = text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            map = null;
            return text;
        }

        char[] shadow = new char[text.Length];
        int[] positions = new int[text.Length + 1];
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            positions[n] = i;
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                shadow[n++] = Representative(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[i + 1])));
                i++;
            }
            else
            {
                shadow[n++] = c;
            }
        }

        positions[n] = text.Length;
        map = positions[..(n + 1)];
        return new string(shadow, 0, n);
    }

    private static char Representative(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter => '\u0100',
        UnicodeCategory.LowercaseLetter => '\u0101',
        UnicodeCategory.TitlecaseLetter => '\u01C5',
        UnicodeCategory.ModifierLetter => '\u02B0',
        UnicodeCategory.OtherLetter => '\u05D0',
        UnicodeCategory.NonSpacingMark => '\u0300',
        UnicodeCategory.SpacingCombiningMark => '\u0903',
        UnicodeCategory.EnclosingMark => '\u20DD',
        UnicodeCategory.DecimalDigitNumber => '\u0660',
        UnicodeCategory.LetterNumber => '\u2160',
        UnicodeCategory.OtherNumber => '\u00B2',
        UnicodeCategory.SpaceSeparator => '\u2000',
        UnicodeCategory.Format => '\u00AD',
        UnicodeCategory.PrivateUse => '\uE000',
        UnicodeCategory.ConnectorPunctuation => '\u203F',
        UnicodeCategory.DashPunctuation => '\u2010',
        UnicodeCategory.OpenPunctuation => '\u2045',
        UnicodeCategory.ClosePunctuation => '\u2046',
        UnicodeCategory.InitialQuotePunctuation => '\u2018',
        UnicodeCategory.FinalQuotePunctuation => '\u2019',
        UnicodeCategory.OtherPunctuation => '\u00A1',
        UnicodeCategory.MathSymbol => '\u00AC',
        UnicodeCategory.CurrencySymbol => '\u00A2',
        UnicodeCategory.ModifierSymbol => '\u02C2',
        UnicodeCategory.OtherSymbol => '\u00A6',
        _ => '\u0378',
    };
}
