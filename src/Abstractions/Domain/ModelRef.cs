using System.Text.RegularExpressions;

namespace Tournament.Abstractions;

/// <summary>The form of a <see cref="ModelRef"/>'s revision, which decides the storage backend that serves it.</summary>
public enum RevisionKind
{
    /// <summary>A 40-hex git commit sha (HuggingFace Hub).</summary>
    GitCommit,

    /// <summary>A 64-hex content hash of a local snapshot folder (the embedded <c>local</c> storage).</summary>
    ContentHash,

    /// <summary>An OCI-style digest <c>sha256:&lt;64 hex&gt;</c> (Hippius registry).</summary>
    Sha256Digest,
}

/// <summary>
/// A model pinned at an immutable revision: <c>owner/name@revision</c>. Storage backends only ever load the pinned
/// revision, so weights changed after a commitment are never scored.
/// </summary>
/// <param name="Repo">The repository id, <c>owner/name</c>.</param>
/// <param name="Revision">The pinned revision (see <see cref="RevisionKind"/>), lower-case.</param>
public sealed partial record ModelRef(string Repo, string Revision)
{
    /// <summary>The maximum length of a repository id.</summary>
    public const int MaxRepoLength = 96;

    /// <summary>The kind of revision, which selects the storage backend.</summary>
    public RevisionKind RevisionKind => Classify(Revision) ?? throw new InvalidOperationException($"'{Revision}' is not a valid revision.");

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
        if (normalized is null || Classify(normalized) is null)
        {
            error = $"'{Truncate(revision ?? "")}' is not a pinned revision; expected a 40-hex commit, a 64-hex content hash or sha256:<64 hex>.";
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

    /// <summary>Classifies a revision string, or returns null when it is not a pinned revision.</summary>
    /// <param name="revision">The revision text (lower-case).</param>
    public static RevisionKind? Classify(string revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (revision.StartsWith("sha256:", StringComparison.Ordinal) && IsHex(revision.AsSpan(7), 64))
        {
            return RevisionKind.Sha256Digest;
        }

        if (IsHex(revision, 40))
        {
            return RevisionKind.GitCommit;
        }

        return IsHex(revision, 64) ? RevisionKind.ContentHash : null;
    }

    private static bool IsHex(ReadOnlySpan<char> text, int length)
    {
        if (text.Length != length)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
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
