using System.Text.RegularExpressions;

namespace Tournament.Engine.Storage;

/// <summary>
/// Artifact keys: relative, '/'-separated, only <c>[A-Za-z0-9._/-]</c>, no '..', no '.' or empty segment, at most 512
/// characters and 200 per segment (file names stay under the usual 255-byte limit with the temporary suffix).
/// </summary>
internal static partial class ArtifactKeys
{
    private const int MaxSegmentLength = 200;

    /// <summary>Throws <see cref="ArgumentException"/> naming the problem when the key is not acceptable.</summary>
    /// <param name="key">The key.</param>
    public static void Validate(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > 512 || !KeyPattern().IsMatch(key))
        {
            throw new ArgumentException($"Artifact key '{key}' is invalid; use 1 to 512 of letters, digits, '.', '_', '-' and '/'.", nameof(key));
        }

        if (key.StartsWith('/') || key.EndsWith('/') || key.Contains("//", StringComparison.Ordinal) || key.Contains("..", StringComparison.Ordinal)
            || key.Split('/').Any(segment => segment == "."))
        {
            throw new ArgumentException($"Artifact key '{key}' must be a relative path without '..', '.' or empty segments.", nameof(key));
        }

        if (key.Split('/').Any(segment => segment.Length > MaxSegmentLength))
        {
            throw new ArgumentException($"Artifact key '{key}' has a segment longer than {MaxSegmentLength} characters.", nameof(key));
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._/-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
