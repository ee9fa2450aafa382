using System.Text;

namespace Tournament.Samples.Example.Bigram;

/// <summary>
/// The fixed character alphabet of the example mode: <c>a</c>–<c>z</c> and the space (27 symbols). Text is
/// normalised before scoring: lower-cased (invariant culture), every character outside a–z becomes a space, runs of
/// spaces collapse to one, and leading/trailing spaces are removed.
/// </summary>
public static class BigramAlphabet
{
    /// <summary>The alphabet, in matrix order.</summary>
    public const string Symbols = "abcdefghijklmnopqrstuvwxyz ";

    /// <summary>The number of symbols.</summary>
    public const int Size = 27;

    /// <summary>The matrix index of a normalised symbol.</summary>
    /// <param name="c">A character of <see cref="Symbols"/>.</param>
    public static int IndexOf(char c) => c == ' ' ? 26 : c - 'a';

    /// <summary>Normalises text to the alphabet.</summary>
    /// <param name="text">Any text.</param>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = true;
        foreach (var raw in text)
        {
            var c = char.ToLowerInvariant(raw);
            if (c is >= 'a' and <= 'z')
            {
                builder.Append(c);
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().TrimEnd(' ');
    }
}
