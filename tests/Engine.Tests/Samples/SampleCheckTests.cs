using System.Text;
using Tournament.Abstractions;
using Tournament.Engine.Rounds;
using Tournament.Samples.Example.Bigram;
using Tournament.Samples.Example.Checks;

namespace Tournament.Engine.Tests.Samples;

public sealed class SampleCheckTests
{
    [Theory]
    [InlineData("tokenize.py")]
    [InlineData("weights/pytorch_model.BIN")]
    public async Task NoCodeCheck_CodeOrBinaryFile_Disqualifies(string path)
    {
        var outcome = await new NoCodeCheck(new NoCodeCheckOptions()).CheckAsync(Context(["bigram.json", "config.json", path], null), default);

        Assert.True(outcome.IsDisqualified);
        Assert.Equal("forbidden-file", outcome.AsT1.ReasonCode);
        Assert.Contains(path, outcome.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoCodeCheck_MissingBigram_Disqualifies()
    {
        var outcome = await new NoCodeCheck(new NoCodeCheckOptions()).CheckAsync(Context(["config.json", "README.md"], null), default);

        Assert.Equal(("missing-file", "The model has no 'bigram.json' at its root."), (outcome.AsT1.ReasonCode, outcome.AsT1.Message));
    }

    [Fact]
    public async Task NoCodeCheck_CleanModel_Passes()
    {
        var outcome = await new NoCodeCheck(new NoCodeCheckOptions()).CheckAsync(Context(["bigram.json", "config.json", "README.md"], null), default);

        Assert.True(outcome.IsPassed);
    }

    [Fact]
    public async Task BigramFileCheck_ValidModel_Passes()
    {
        using var folder = ModelFolder(BigramTrainer.Train(["some text to learn from"], 1).ToJson());

        var outcome = await new BigramFileCheck(new BigramFileCheckOptions()).CheckAsync(Context([], folder.Path), default);

        Assert.True(outcome.IsPassed, outcome.ToString());
    }

    [Fact]
    public async Task BigramFileCheck_UnnormalisedRow_DisqualifiesWithTheRow()
    {
        var rows = BigramTrainer.Uniform().LogProbs.Select(r => r.ToArray()).ToArray();
        rows[26] = [.. rows[26].Select(v => v + 0.5)];
        using var folder = ModelFolder(new BigramModel(rows).ToJson());

        var outcome = await new BigramFileCheck(new BigramFileCheckOptions()).CheckAsync(Context([], folder.Path), default);

        Assert.Equal("bigram-invalid", outcome.AsT1.ReasonCode);
        Assert.Contains("row 'space' sums to probability 1.64872", outcome.AsT1.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BigramFileCheck_Oversized_Disqualifies()
    {
        using var folder = ModelFolder(Encoding.UTF8.GetBytes(new string(' ', 4096)));

        var outcome = await new BigramFileCheck(new BigramFileCheckOptions { MaxBytes = 1024 }).CheckAsync(Context([], folder.Path), default);

        Assert.Equal(("bigram-invalid", "bigram.json is 4096 bytes; at most 1024 are allowed."), (outcome.AsT1.ReasonCode, outcome.AsT1.Message));
    }

    [Fact]
    public async Task BigramFileCheck_WrongConfig_Disqualifies()
    {
        using var folder = ModelFolder(BigramTrainer.Uniform().ToJson(), "{\"model_type\":\"llama\"}");

        var outcome = await new BigramFileCheck(new BigramFileCheckOptions()).CheckAsync(Context([], folder.Path), default);

        Assert.Equal("config-invalid", outcome.AsT1.ReasonCode);
    }

    internal static CheckContext Context(IReadOnlyList<string> files, string? snapshotDirectory)
    {
        var model = new ModelRef("o/m", new string('a', 64));
        var head = new ChainHead(1, "0x" + new string('1', 64), DateTimeOffset.UnixEpoch);
        var round = new RoundContext("example", head, RoundSeed.FromBlockHash(head.Hash), null, NullProgressReporter.Instance, new ArtifactCollector());
        var description = new ModelDescription(model, [.. files.Select(f => new ModelFile(f, 10, null))], true, new Dictionary<string, string>());
        var snapshot = snapshotDirectory is null ? null : new LocalSnapshot(model, snapshotDirectory, []);
        return new CheckContext(round, new Submission("h", 0, 1, model), description, new Rounds.Fakes.FakeStorage(), snapshot, new RoundLedger([]), false);
    }

    private static TempFolder ModelFolder(byte[] bigram, string config = "{\"model_type\":\"char-bigram\"}")
    {
        var folder = new TempFolder();
        File.WriteAllBytes(Path.Combine(folder.Path, "bigram.json"), bigram);
        folder.Write("config.json", config);
        return folder;
    }
}
