using Microsoft.Extensions.Logging.Abstractions;
using Tournament.Abstractions;

namespace Tournament.Engine.Tests.State;

/// <summary>A fresh temporary folder per test, deleted afterwards, with a host environment rooted in it.</summary>
public sealed class TestFolder : IDisposable
{
    public TestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tournament-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Environment = new HostEnvironment(Path, System.IO.Path.Combine(Path, ".tournament"));
    }

    public string Path { get; }

    public HostEnvironment Environment { get; }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public static NullLogger<T> Log<T>() => NullLogger<T>.Instance;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}
