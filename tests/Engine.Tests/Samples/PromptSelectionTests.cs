using Tournament.Abstractions;
using Tournament.Samples.Example.Prompts;

namespace Tournament.Engine.Tests.Samples;

public sealed class PromptSelectionTests
{
    private static readonly RoundSeed Seed = RoundSeed.FromBlockHash("0x" + string.Concat(Enumerable.Repeat("ab", 32))).Derive("prompts");

    [Fact]
    public void Create_GoldenVector_MatchesIndependentPythonImplementation()
    {
        // Computed with a separate Python implementation of the documented algorithm (hashlib + struct).
        Assert.Equal("bae55698bfdec3d516689e945e6a24138e8251bc282a9d92e4bf9195622472d4", Seed.ToString());
        Assert.Equal([5, 1, 9, 6, 4, 3, 8, 2, 0, 7], SeededPermutation.Create(Seed, 10));
        Assert.Equal([21, 25, 10, 14, 34, 1, 33, 18, 7, 20, 23, 17], SeededPermutation.Create(Seed, 40).Take(12));
    }

    [Fact]
    public void Create_AnySize_IsAPermutation()
    {
        foreach (var n in new[] { 0, 1, 2, 3, 17, 1000 })
        {
            Assert.Equal(Enumerable.Range(0, n), SeededPermutation.Create(Seed, n).Order());
        }
    }

    [Fact]
    public async Task SelectAsync_SameSeed_SamePrompts_DifferentBlockHash_DifferentPrompts()
    {
        using var folder = new TempFolder();
        var path = folder.Write("prompts.txt", string.Join("\n", Enumerable.Range(1, 50).Select(i => $"line number {i} says hello")));
        var source = new LinePromptSource(new LinePromptOptions { Path = "prompts.txt", Count = 5 }, folder.Environment);
        var other = RoundSeed.FromBlockHash("0x" + string.Concat(Enumerable.Repeat("ac", 32))).Derive("prompts");

        var first = await source.SelectAsync(Seed, NullProgressReporter.Instance, default);
        var again = await source.SelectAsync(Seed, NullProgressReporter.Instance, default);
        var different = await source.SelectAsync(other, NullProgressReporter.Instance, default);

        Assert.Equal(5, first.Prompts.Count);
        Assert.Equal(first.Prompts.Select(p => p.Id), again.Prompts.Select(p => p.Id));
        Assert.NotEqual(first.Prompts.Select(p => p.Id), different.Prompts.Select(p => p.Id));
        Assert.Equal(LinePromptSource.AlgorithmVersion, first.AlgorithmVersion);
        var order = SeededPermutation.Create(Seed, 50);
        Assert.Equal(order.Take(5).Select(i => $"line-{i + 1}"), first.Prompts.Select(p => p.Id));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public void Candidates_CommentsBlankLinesAndCarriageReturns_Skipped()
    {
        var prompts = LinePromptSource.Candidates("# comment\r\n\r\n  first line  \r\nsecond\n#x\n");

        Assert.Equal(["line-3", "line-4"], prompts.Select(p => p.Id));
        Assert.Equal(["first line", "second"], prompts.Select(p => p.Text));
    }

    [Fact]
    public async Task SelectAsync_MissingFile_SaysWhichKeyToFix()
    {
        using var folder = new TempFolder();
        var source = new LinePromptSource(new LinePromptOptions { Path = "absent.txt" }, folder.Environment);

        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => source.SelectAsync(Seed, NullProgressReporter.Instance, default));

        Assert.Contains("Components:example-lines:Path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelectAsync_FileOverLimit_Refused()
    {
        using var folder = new TempFolder();
        folder.Write("big.txt", new string('x', 5000));
        var source = new LinePromptSource(new LinePromptOptions { Path = "big.txt", MaxFileBytes = 1000 }, folder.Environment);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => source.SelectAsync(Seed, NullProgressReporter.Instance, default));

        Assert.Contains("MaxFileBytes", error.Message, StringComparison.Ordinal);
    }
}
