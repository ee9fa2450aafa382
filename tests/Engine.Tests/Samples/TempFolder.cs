using Tournament.Abstractions;

namespace Tournament.Engine.Tests.Samples;

/// <summary>A temporary folder deleted on dispose, with a <see cref="HostEnvironment"/> rooted in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tournament-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public HostEnvironment Environment => new(Path, System.IO.Path.Combine(Path, ".tournament"));

    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
