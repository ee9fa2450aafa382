using System.Globalization;
using System.Text;

namespace Tournament.Cli;

/// <summary>What the CLI prints for an error: one line, no control characters (a miner's hotkey or file name could
/// hold terminal escapes), no framework decorations such as <c>(Parameter 'x')</c>.</summary>
public static class CliText
{
    /// <summary>The text with every control character written as <c>\uXXXX</c>, so nothing reaches the terminal raw.</summary>
    public static string Printable(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Any(char.IsControl))
        {
            return text ?? "";
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(char.IsControl(c) ? "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : c.ToString());
        }

        return builder.ToString();
    }

    /// <summary>Several lines (a stack trace), each made <see cref="Printable"/>.</summary>
    public static string PrintableLines(string text) =>
        string.Join('\n', (text ?? "").Split('\n').Select(line => Printable(line.TrimEnd('\r'))));

    /// <summary>An exception's message as one printable sentence: the first line, without the <c>(Parameter 'x')</c> suffix.</summary>
    public static string Sentence(Exception ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        var message = ex.Message;
        if (ex is ArgumentException { ParamName: { } name })
        {
            message = message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal);
        }

        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return Printable((newline >= 0 ? message[..newline] : message).TrimEnd('\r', ' '));
    }
}
