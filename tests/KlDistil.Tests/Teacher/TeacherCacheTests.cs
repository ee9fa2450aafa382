using Microsoft.Extensions.Logging;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.Plugins.KlDistil.Teacher;

namespace Tournament.KlDistil.Tests.Teacher;

/// <summary>Issue 16, items 5-6: a corrupt teacher cache is a logged miss; a failed write and a killed run leave no temporary file.</summary>
public sealed class TeacherCacheTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly RecordingLogger _log = new();
    private readonly TeacherCache _cache;

    public TeacherCacheTests() => _cache = new TeacherCache(_temp.Combine("cache"), _log);

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Corruptions => ["truncated", "bit-flip", "garbage-length", "empty"];

    [Fact]
    public void WrittenOutput_ReadsBackExactly()
    {
        _cache.Write("k", Output());

        var read = _cache.TryRead("k");

        Assert.NotNull(read);
        Assert.Equal([0.5f, -1.25f], read.Continuations[0].TopLogProbs[1]);
        Assert.Equal(("p1", "too long"), (read.Dropped[0].PromptId, read.Dropped[0].Reason));
        Assert.Empty(_log.Warnings);
    }

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void CorruptTeacherCache_IsAMissWithTheDocumentedLogLine(string corruption)
    {
        _cache.Write("k", Output());
        var path = _cache.PathOf("k");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, corruption switch
        {
            "truncated" => bytes[..^7],
            "bit-flip" => Flip(bytes, bytes.Length / 2),
            "garbage-length" => [.. bytes[..8], 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. bytes[14..]],
            _ => [],
        });

        Assert.Null(_cache.TryRead("k"));
        var warning = Assert.Single(_log.Warnings);
        Assert.Contains($"Teacher cache file {path} is unreadable", warning, StringComparison.Ordinal);
        Assert.Contains("the teacher step runs again", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedWrite_LeavesNoTemporaryFile()
    {
        Directory.CreateDirectory(_cache.PathOf("k")); // the move onto a folder fails, as a full disk would fail the write

        Assert.ThrowsAny<IOException>(() => _cache.Write("k", Output()));

        Assert.Empty(Directory.GetFiles(_temp.Combine("cache"), "*.tmp"));
    }

    [Fact]
    public void StartUp_DeletesStaleTemporaryFilesButNotFreshOnes()
    {
        Directory.CreateDirectory(_temp.Combine("cache"));
        var stale = _cache.PathOf("a") + ".0123.tmp";
        var fresh = _cache.PathOf("b") + ".4567.tmp";
        File.WriteAllText(stale, "x");
        File.WriteAllText(fresh, "x");
        var now = DateTimeOffset.UtcNow;
        File.SetLastWriteTimeUtc(stale, now.UtcDateTime.AddHours(-1));

        Assert.Equal(1, _cache.DeleteStaleTemporaryFiles(now));

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x10;
        return copy;
    }

    private static TeacherOutput Output() => new(
        [new TeacherContinuation("p0", [1, 2, 3], [4, 5], [[7, 8], [9, 10]], [[-0.1f, -2.5f], [0.5f, -1.25f]])],
        [new DroppedPrompt("p1", "too long")],
        151_936);

    private sealed class RecordingLogger : ILogger
    {
        public List<string> Warnings { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning)
            {
                Warnings.Add(formatter(state, exception));
            }
        }
    }
}
