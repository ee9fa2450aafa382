using Tournament.Abstractions;

namespace Tournament.Engine.Storage;

/// <summary>
/// Lists a snapshot folder's files without following anything out of the storage root. A symbolic link to a file
/// inside the root is read through (its target's bytes count); a link to a folder, a dangling link, a link that
/// leaves the root, or a name that is not a safe relative path disqualifies the snapshot.
/// </summary>
internal static class SnapshotScanner
{
    /// <summary>The reason code for a snapshot that contains something the backend refuses to read.</summary>
    public const string UnsafeCode = "unsafe-snapshot";

    private const int MaxDepth = 64;

    /// <summary>Lists the files of <paramref name="directory"/> (a resolved folder inside <paramref name="root"/>).</summary>
    /// <param name="root">The resolved storage root.</param>
    /// <param name="directory">The resolved snapshot folder.</param>
    /// <param name="display">The snapshot's name for messages (owner/name).</param>
    public static StorageResult<IReadOnlyList<SnapshotEntry>> Scan(string root, string directory, string display)
    {
        var files = new List<SnapshotEntry>();
        var problem = Walk(root, new DirectoryInfo(directory), "", display, files, 0);
        return problem is null ? StorageResult<IReadOnlyList<SnapshotEntry>>.Ok(files) : problem;
    }

    private static Disqualified? Walk(string root, DirectoryInfo folder, string prefix, string display, List<SnapshotEntry> files, int depth)
    {
        if (depth > MaxDepth)
        {
            return Refuse(display, prefix, $"nests folders deeper than {MaxDepth} levels");
        }

        foreach (var entry in folder.EnumerateFileSystemInfos("*", new EnumerationOptions { AttributesToSkip = 0, RecurseSubdirectories = false, IgnoreInaccessible = false }))
        {
            var relative = prefix + entry.Name;
            if (!SafePaths.IsSafeRelativePath(relative))
            {
                return Refuse(display, relative, "has a file name with a backslash, colon or control character");
            }

            if (entry.LinkTarget is not null)
            {
                var problem = AddLink(root, entry, relative, display, files);
                if (problem is not null)
                {
                    return problem;
                }
            }
            else if (entry is DirectoryInfo subfolder)
            {
                var problem = Walk(root, subfolder, relative + "/", display, files, depth + 1);
                if (problem is not null)
                {
                    return problem;
                }
            }
            else if (entry is FileInfo file)
            {
                files.Add(new SnapshotEntry(relative, file.FullName, file.Length, file.LastWriteTimeUtc));
            }
        }

        return null;
    }

    private static Disqualified? AddLink(string root, FileSystemInfo link, string relative, string display, List<SnapshotEntry> files)
    {
        string target;
        try
        {
            target = SafePaths.RealPath(link.FullName);
        }
        catch (IOException)
        {
            return Refuse(display, relative, "is a symbolic link loop");
        }

        if (!SafePaths.IsInside(root, target))
        {
            return Refuse(display, relative, "is a symbolic link to a path outside the storage root");
        }

        if (Directory.Exists(target))
        {
            return Refuse(display, relative, "is a symbolic link to a folder");
        }

        var file = new FileInfo(target);
        if (!file.Exists)
        {
            return Refuse(display, relative, "is a dangling symbolic link");
        }

        files.Add(new SnapshotEntry(relative, file.FullName, file.Length, file.LastWriteTimeUtc));
        return null;
    }

    private static Disqualified Refuse(string display, string relative, string problem) =>
        new(UnsafeCode, $"Local snapshot '{display}': '{relative}' {problem}; local storage refuses to read it.");
}
