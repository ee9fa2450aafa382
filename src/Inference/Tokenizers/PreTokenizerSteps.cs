using System.Text.RegularExpressions;

namespace Tournament.Inference.Tokenizers;

/// <summary>One pre-tokenizer of a HF <c>Sequence</c>: turns pieces into finer pieces.</summary>
internal interface IPreTokenizerStep
{
    void Apply(string piece, List<string> output);
}

internal enum SplitBehavior
{
    Isolated,
    Removed,
}

/// <summary>HF <c>Split</c>: regex matches and the gaps between them become pieces (Isolated) or only the gaps do
/// (Removed); <c>invert</c> swaps the roles of matches and gaps.</summary>
internal sealed class SplitStep(Regex regex, SplitBehavior behavior, bool invert, string file, string field) : IPreTokenizerStep
{
    public Regex Regex { get; } = regex;

    public void Apply(string piece, List<string> output)
    {
        string shadow = CodePointShadow.Create(piece, out int[]? map);
        int last = 0;
        try
        {
            foreach (ValueMatch m in Regex.EnumerateMatches(shadow))
            {
                if (m.Length == 0)
                {
                    continue;
                }

                Emit(piece, map, last, m.Index, isMatch: false, output);
                Emit(piece, map, m.Index, m.Index + m.Length, isMatch: true, output);
                last = m.Index + m.Length;
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new TokenizerFormatException(file, field,
                $"the pre-tokenizer regex ran past its {ex.MatchTimeout.TotalSeconds:0.###} s limit on a {piece.Length}-character piece; the pattern backtracks catastrophically — use the model's original tokenizer.json.", ex);
        }

        Emit(piece, map, last, shadow.Length, isMatch: false, output);
    }

    private void Emit(string piece, int[]? map, int start, int end, bool isMatch, List<string> output)
    {
        if (end <= start)
        {
            return;
        }

        bool keep = behavior == SplitBehavior.Isolated || (isMatch == invert);
        if (!keep)
        {
            return;
        }

        int s = map is null ? start : map[start];
        int e = map is null ? end : map[end];
        output.Add(s == 0 && e == piece.Length ? piece : piece[s..e]);
    }
}

/// <summary>HF <c>ByteLevel</c> pre-tokenizer: optional prefix space and optional GPT-2 split. The byte mapping
/// itself is done by the BPE model (ByteLevel = true).</summary>
internal sealed class ByteLevelStep(bool addPrefixSpace, SplitStep? gpt2Split) : IPreTokenizerStep
{
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public void Apply(string piece, List<string> output)
    {
        string p = addPrefixSpace && !piece.StartsWith(' ') ? " " + piece : piece;
        if (gpt2Split is null)
        {
            output.Add(p);
        }
        else
        {
            gpt2Split.Apply(p, output);
        }
    }
}
