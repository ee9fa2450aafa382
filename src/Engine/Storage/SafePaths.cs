namespace Tournament.Engine.Storage;

/// <summary>Path checks for hostile input: traversal, absolute paths, symbolic links leaving the root.</summary>
internal static class SafePaths
{
    private const int MaxLinkDepth = 40;

    /// <summary>
    /// True when <paramref name="path"/> is a safe relative path: '/'-separated, no empty, '.' or '..' segment, not
    /// rooted, no backslash, colon or control character.
    /// </summary>
    /// <param name="path">The candidate.</param>
    public static bool IsSafeRelativePath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path.Length > 1024 || path[0] == '/' || Path.IsPathRooted(path))
        {
            return false;
        }

        foreach (var c in path)
        {
            if (char.IsControl(c) || c is '\\' or ':')
            {
                return false;
            }
        }

        return path.Split('/').All(segment => segment.Length > 0 && segment != "." && segment != "..");
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or inside it (both fully resolved).</summary>
    /// <param name="root">The root.</param>
    /// <param name="path">The path.</param>
    public static bool IsInside(string root, string path)
    {
        var prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        return string.Equals(path, root, StringComparison.Ordinal) || path.StartsWith(prefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// The path with every symbolic link along it resolved (like realpath(3)); missing trailing components are kept
    /// as they are. Throws <see cref="IOException"/> on link loops.
    /// </summary>
    /// <param name="path">The path.</param>
    public static string RealPath(string path) => RealPath(path, 0);

    private static string RealPath(string path, int depth)
    {
        if (depth > MaxLinkDepth)
        {
            throw new IOException($"Too many levels of symbolic links at '{path}'.");
        }

        var full = Path.GetFullPath(path);
        var current = Path.GetPathRoot(full)!;
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                next = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
            }

            current = next;
        }

        return current;
    }
}
