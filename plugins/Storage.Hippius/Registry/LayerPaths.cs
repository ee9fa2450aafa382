namespace Tournament.Plugins.Storage.Hippius.Registry;

/// <summary>Validates file paths taken from manifest annotations: they become paths under the cache.</summary>
internal static class LayerPaths
{
    public const int MaxLength = 512;

    /// <summary>Null when <paramref name="path"/> is a safe relative path, else what is wrong (a sentence fragment).</summary>
    public static string? Problem(string path)
    {
        if (path.Length == 0 || path.Length > MaxLength)
        {
            return $"must be 1 to {MaxLength} characters long";
        }

        if (path[0] == '/' || path.Contains('\\', StringComparison.Ordinal) || (path.Length > 1 && path[1] == ':'))
        {
            return "must be a relative path with '/' separators";
        }

        foreach (var c in path)
        {
            if (char.IsControl(c) || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' || c == '|')
            {
                return "contains a character not allowed in file names";
            }
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                return "must not contain empty, '.' or '..' segments";
            }

            if (segment.Length > 255)
            {
                return "has a segment longer than 255 characters";
            }
        }

        return null;
    }
}

/// <summary>
/// Detects duplicate paths (case-insensitively, so files cannot collide on case-insensitive disks) and a path that is
/// both a file and a folder (<c>a</c> and <c>a/b</c>).
/// </summary>
internal sealed class LayerPathSet
{
    private readonly HashSet<string> _files = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _folders = new(StringComparer.OrdinalIgnoreCase);

    public void Add(string path)
    {
        if (!_files.Add(path))
        {
            throw new ManifestException($"the path '{OciManifest.Shorten(path)}' appears more than once");
        }

        if (_folders.Contains(path))
        {
            throw new ManifestException($"the path '{OciManifest.Shorten(path)}' is both a file and a folder");
        }

        for (var slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            var folder = path[..slash];
            if (_files.Contains(folder))
            {
                throw new ManifestException($"the path '{OciManifest.Shorten(folder)}' is both a file and a folder");
            }

            _folders.Add(folder);
        }
    }
}

/// <summary>Digest helpers.</summary>
internal static class Digests
{
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static bool IsSha256(string digest) =>
        digest.Length == 71 && digest.StartsWith("sha256:", StringComparison.Ordinal)
        && digest.AsSpan(7).IndexOfAnyExcept(LowerHex) < 0;
}
