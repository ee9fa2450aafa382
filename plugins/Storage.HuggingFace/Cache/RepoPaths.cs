using System.Text;

namespace Tournament.Plugins.Storage.HuggingFace;

/// <summary>Validation of names that come from the Hub before they touch the file system.</summary>
internal static class RepoPaths
{
    public const int MaxPathLength = 1024;

    /// <summary>True for a relative '/'-separated path with no empty, '.' or '..' segment, no backslash, colon or control character.</summary>
    public static bool IsSafeRelativePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > MaxPathLength || path[0] == '/' || path[^1] == '/')
        {
            return false;
        }

        foreach (var c in path)
        {
            if (char.IsControl(c) || c is '\\' or ':' || char.IsSurrogate(c))
            {
                return false;
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == ".." || segment.Length > 255 || segment.Trim().Length != segment.Length)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a branch or tag name safe to put in a URL and under <c>refs/</c>.</summary>
    public static bool IsSafeReference(string? reference) =>
        reference is { Length: > 0 and <= 256 }
        && IsSafeRelativePath(reference)
        && reference.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/');

    public static bool IsHex(string text, int length) =>
        text.Length == length && text.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    /// <summary>The URL form of a relative path: every segment escaped.</summary>
    public static string EscapePath(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));

    /// <summary>A name made safe to show in a message: control characters escaped, length bounded.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Length > 200 ? text[..200] : text)
        {
            builder.Append(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return text.Length > 200 ? builder.Append('…').ToString() : builder.ToString();
    }
}
