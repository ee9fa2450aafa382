using System.Text;
using System.Text.RegularExpressions;

namespace Tournament.Inference.ChatTemplates;

/// <summary>
/// The template text after the reference's preprocessing (one trailing newline dropped, <c>lstrip_blocks</c>,
/// <c>trim_blocks</c>, the transformers-only <c>{% generation %}</c> tag removed), with a map from each remaining
/// character back to its offset in the original text so errors name the line and column the author sees.
/// </summary>
internal sealed partial class SourceText
{
    private const string Ws = @"[\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]";

    private readonly string _original;
    private readonly int[] _origin;

    private SourceText(string original, string text, int[] origin)
    {
        _original = original;
        Text = text;
        _origin = origin;
    }

    public string Text { get; }

    public static SourceText Preprocess(string template)
    {
        int[] origin = new int[template.Length];
        for (int i = 0; i < origin.Length; i++)
        {
            origin[i] = i;
        }

        SourceText s = new(template, template, origin);
        if (template.EndsWith('\n'))
        {
            s = s.Delete([(template.Length - 1, 1)]);
        }

        s = s.Delete(LeadingBlockSpace().Matches(s.Text).Select(m => (m.Index, m.Length)).ToList());
        s = s.Delete(NewlineAfterBlock().Matches(s.Text).Select(m => (m.Index, m.Length)).ToList());
        List<(int, int)> generation = [];
        foreach (Match m in GenerationTag().Matches(s.Text))
        {
            Group before = m.Groups[1], after = m.Groups[4];
            int start = m.Groups[2].Length > 0 ? before.Index : before.Index + before.Length;
            int end = m.Groups[3].Length > 0 ? after.Index + after.Length : after.Index;
            generation.Add((start, end - start));
        }

        return s.Delete(generation);
    }

    /// <summary>The 1-based line and column, in the original text, of <paramref name="offset"/> in <see cref="Text"/>.</summary>
    public TextPosition PositionOf(int offset)
    {
        int original = _origin.Length == 0 ? 0 : offset >= _origin.Length ? _original.Length : _origin[Math.Max(offset, 0)];
        int line = 1, lineStart = 0;
        for (int i = 0; i < original && i < _original.Length; i++)
        {
            if (_original[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return new TextPosition(line, original - lineStart + 1);
    }

    private SourceText Delete(List<(int Start, int Length)> ranges)
    {
        if (ranges.Count == 0)
        {
            return this;
        }

        StringBuilder text = new(Text.Length);
        List<int> origin = new(Text.Length);
        int at = 0;
        foreach ((int start, int length) in ranges)
        {
            text.Append(Text, at, start - at);
            origin.AddRange(_origin.AsSpan(at, start - at));
            at = start + length;
        }

        text.Append(Text, at, Text.Length - at);
        origin.AddRange(_origin.AsSpan(at, Text.Length - at));
        return new SourceText(_original, text.ToString(), [.. origin]);
    }

    // JavaScript's /^[ \t]*({[#%-])/gm: "^" in multiline mode also follows \r, U+2028 and U+2029.
    [GeneratedRegex(@"(?<=^|[\n\r\u2028\u2029])[ \t]*(?=\{[#%-])", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingBlockSpace();

    [GeneratedRegex(@"(?<=[#%-]\})\n", RegexOptions.CultureInvariant)]
    private static partial Regex NewlineAfterBlock();

    [GeneratedRegex("(" + Ws + "*)\\{%(-?)" + Ws + "*(?:end)?generation" + Ws + "*(-?)%\\}(" + Ws + "*)", RegexOptions.CultureInvariant)]
    private static partial Regex GenerationTag();
}
