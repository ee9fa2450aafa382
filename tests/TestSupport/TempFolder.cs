using Tournament.Abstractions;

namespace Tournament.TestSupport;

/// <summary>A fresh folder under the temp directory, deleted (best effort) on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates <c>&lt;temp&gt;/&lt;prefix&gt;&lt;random&gt;</c>.</summary>
    public TempFolder(string prefix = "tournament-tests-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    public string Path { get; }

    /// <summary>A host environment rooted in the folder, data under <c>.tournament</c>.</summary>
    public HostEnvironment Environment => new(Path, System.IO.Path.Combine(Path, ".tournament"));

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a text file at a relative path (folders created) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a mapped file may still be closing on some platforms.
        }
    }
}
