using System.Text.RegularExpressions;

namespace Tournament.Plugins.Storage.Hippius.S3;

/// <summary>
/// Artifact keys as the engine's local store accepts them: relative, '/'-separated, only <c>[A-Za-z0-9._/-]</c>, no
/// '..', '.' or empty segment, at most 512 characters with segments of at most 200.
/// </summary>
internal static partial class ArtifactKeys
{
    public const int MaxLength = 512;
    public const int MaxSegmentLength = 200;

    /// <summary>Null when valid, else one sentence naming the problem.</summary>
    public static string? Problem(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxLength || !KeyPattern().IsMatch(key))
        {
            return $"Artifact key '{Shorten(key ?? "")}' is invalid; use 1 to {MaxLength} of letters, digits, '.', '_', '-' and '/'.";
        }

        var segments = key.Split('/');
        if (segments.Any(s => s.Length == 0 || s == "." || s == ".."))
        {
            return $"Artifact key '{Shorten(key)}' must be a relative path without '..', '.' or empty segments.";
        }

        return segments.Any(s => s.Length > MaxSegmentLength)
            ? $"Artifact key '{Shorten(key)}' has a segment longer than {MaxSegmentLength} characters."
            : null;
    }

    /// <summary>A key prefix: a valid key, optionally ending with '/'.</summary>
    public static bool IsValidPrefix(string prefix) => Problem(prefix.TrimEnd('/')) is null && !prefix.EndsWith("//", StringComparison.Ordinal);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex("^[A-Za-z0-9._/-]+\\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}

/// <summary>S3 bucket names (DNS-compatible rules).</summary>
internal static partial class BucketNames
{
    public static bool IsValid(string name) =>
        name.Length is >= 3 and <= 63 && BucketPattern().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]*[a-z0-9]\\z", RegexOptions.CultureInvariant)]
    private static partial Regex BucketPattern();
}
