using System.Text.RegularExpressions;

namespace Tournament.Abstractions;

/// <summary>
/// A model pinned at an immutable revision: <c>owner/name@revision</c>. Storage backends only ever load the pinned
/// revision, so weights changed after a commitment are never scored.
/// </summary>
/// <param name="Repo">The repository id, <c>owner/name</c>.</param>
/// <param name="Revision">
/// The pinned revision, lower-case: <c>[scheme:]digest</c> (see <see cref="IsPinnedRevision"/>). Which storage backend
/// serves it is each backend's decision (<see cref="IStorageBackend.CanResolve"/>, usually by its <see cref="RevisionForm"/>).
/// </param>
public sealed partial record ModelRef(string Repo, string Revision)
{
    /// <summary>The maximum length of a repository id.</summary>
    public const int MaxRepoLength = 96;

    /// <summary>The fewest hex characters of a pinned revision's digest (160 bits, a git commit).</summary>
    public const int MinDigestLength = 40;

    /// <summary>The most hex characters of a pinned revision's digest (512 bits).</summary>
    public const int MaxDigestLength = 128;

    /// <summary>The longest scheme prefix of a pinned revision, in characters.</summary>
    public const int MaxSchemeLength = 16;

    /// <summary>The canonical text form <c>owner/name@revision</c>.</summary>
    public override string ToString() => $"{Repo}@{Revision}";

    /// <summary>Parses <c>owner/name@revision</c>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="model">The reference when valid.</param>
    /// <param name="error">One sentence saying what is wrong when invalid.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse(string? text, out ModelRef? model, out string? error)
    {
        model = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The model reference is empty; expected owner/name@revision.";
            return false;
        }

        var at = text.LastIndexOf('@');
        if (at <= 0 || at == text.Length - 1)
        {
            error = $"'{Truncate(text)}' has no pinned revision; expected owner/name@revision.";
            return false;
        }

        return TryCreate(text[..at], text[(at + 1)..], out model, out error);
    }

    /// <summary>Parses <c>owner/name@revision</c>, throwing <see cref="FormatException"/> when invalid.</summary>
    /// <param name="text">The text.</param>
    public static ModelRef Parse(string text) =>
        TryParse(text, out var model, out var error) ? model! : throw new FormatException(error);

    /// <summary>Validates a repository id and revision and creates the reference.</summary>
    /// <param name="repo">The repository id, <c>owner/name</c>.</param>
    /// <param name="revision">The revision.</param>
    /// <param name="model">The reference when valid.</param>
    /// <param name="error">One sentence saying what is wrong when invalid.</param>
    /// <returns>True when valid.</returns>
    public static bool TryCreate(string? repo, string? revision, out ModelRef? model, out string? error)
    {
        model = null;
        if (!IsValidRepo(repo))
        {
            error = $"'{Truncate(repo ?? "")}' is not a valid repository id; expected owner/name using letters, digits, '.', '_' and '-'.";
            return false;
        }

        var normalized = revision?.Trim().ToLowerInvariant();
        if (normalized is null || !IsPinnedRevision(normalized))
        {
            error = $"'{Truncate(revision ?? "")}' is not a pinned revision; expected a digest of {MinDigestLength}-{MaxDigestLength} hex characters, optionally after a scheme (such as sha256:<64 hex>).";
            return false;
        }

        model = new ModelRef(repo!, normalized);
        error = null;
        return true;
    }

    /// <summary>True when <paramref name="repo"/> is a safe <c>owner/name</c> id (no traversal, no absolute path).</summary>
    /// <param name="repo">The candidate id.</param>
    public static bool IsValidRepo(string? repo) =>
        repo is not null && repo.Length <= MaxRepoLength && RepoPattern().IsMatch(repo) && !repo.Contains("..", StringComparison.Ordinal);

    /// <summary>
    /// True when <paramref name="revision"/> is a pinned revision in the contracts' general grammar: an optional scheme
    /// (a lower-case letter, then up to 15 lower-case letters or digits, then ':') and a lower-case hex digest of
    /// <see cref="MinDigestLength"/> to <see cref="MaxDigestLength"/> characters. Branch and tag names never match.
    /// </summary>
    /// <param name="revision">The revision text (lower-case).</param>
    public static bool IsPinnedRevision(string revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        var colon = revision.IndexOf(':', StringComparison.Ordinal);
        var digest = revision.AsSpan(colon + 1);
        return (colon < 0 || IsScheme(revision.AsSpan(0, colon)))
            && digest.Length is >= MinDigestLength and <= MaxDigestLength
            && IsLowerHex(digest);
    }

    /// <summary>True when every character of <paramref name="text"/> is a digit or a lower-case hex letter.</summary>
    /// <param name="text">The text.</param>
    internal static bool IsLowerHex(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsScheme(ReadOnlySpan<char> scheme)
    {
        if (scheme.Length is 0 or > MaxSchemeLength || !char.IsAsciiLetterLower(scheme[0]))
        {
            return false;
        }

        foreach (var c in scheme)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Echoes hostile text in an error: at most 120 characters, control characters (newlines, escapes) as <c>\uXXXX</c>, so the sentence stays one line.</summary>
    private static string Truncate(string text)
    {
        var head = text.Length <= 120 ? text : text[..120] + "…";
        return head.Any(char.IsControl)
            ? string.Concat(head.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()))
            : head;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex RepoPattern();
}
