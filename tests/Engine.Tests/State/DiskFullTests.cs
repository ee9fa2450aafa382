using Microsoft.Data.Sqlite;
using Tournament.Engine.Common.Sqlite;

namespace Tournament.Engine.Tests.State;

/// <summary>Issue 16, item 6: a full disk names the file and the cause instead of "SQLite Error 10: 'disk I/O error'".</summary>
public sealed class DiskFullTests
{
    [Fact]
    public void DatabaseOrDiskIsFull_NamesTheFileAndNoSpaceLeft()
    {
        var file = new SqliteFile(Path.Combine(Path.GetTempPath(), "state.db"), 5, "state database", "Components:sqlite:Path");

        var clear = file.Translate(new SqliteException("SQLite Error 13: 'database or disk is full'.", 13));

        Assert.NotNull(clear);
        Assert.StartsWith($"The state database '{file.Path}' could not be written: no space left on the device (", clear.Message, StringComparison.Ordinal);
        Assert.EndsWith("bytes free); free some space and run again. Nothing was committed.", clear.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DiskIoErrorWithSpaceLeft_NamesTheFileAndTheDisk()
    {
        var file = new SqliteFile(Path.Combine(Path.GetTempPath(), "state.db"), 5, "state database", "Components:sqlite:Path");

        var clear = file.Translate(new SqliteException("SQLite Error 10: 'disk I/O error'.", 10));

        Assert.NotNull(clear);
        Assert.Contains($"'{file.Path}' could not be written", clear.Message, StringComparison.Ordinal);
    }
}
