using System.Text.Json.Nodes;
using Tournament.Abstractions;
using Tournament.KlDistil.Tests.Fixtures;
using Tournament.KlDistil.Tests.Regression;
using Tournament.Plugins.KlDistil.Checks;

namespace Tournament.KlDistil.Tests.Checks;

public sealed class TokenizerMatchTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly FolderStorage _storage = new();
    private readonly TokenizerMatchCheck _check;

    public TokenizerMatchTests()
    {
        Models.Tiny(_temp, "teacher");
        _check = new TokenizerMatchCheck(new TokenizerMatchOptions { TeacherTokenizerPath = "teacher/tokenizer.json" }, new HostEnvironment(_temp.Path, _temp.Path));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task SameTokenizer_Passes()
    {
        Assert.True((await Check(Models.Tiny(_temp, "student", seed: 2))).IsPassed);
    }

    [Fact]
    public async Task SwappedVocabularyIds_IsRejected()
    {
        var folder = Models.Tiny(_temp, "swapped", seed: 2);
        EditTokenizer(folder, t =>
        {
            var vocab = t["model"]!["vocab"]!.AsObject();
            var (a, b) = ("a", "b");
            var ia = vocab[a]!.GetValue<int>();
            vocab[a] = vocab[b]!.GetValue<int>();
            vocab[b] = ia;
        });
        MetadataExploitTests.AssertDisqualified(await Check(folder), "tokenizer-match", "differs");
    }

    [Fact]
    public async Task DroppedMerge_IsRejected()
    {
        var folder = Models.Tiny(_temp, "merges", seed: 2);
        EditTokenizer(folder, t => t["model"]!["merges"]!.AsArray().RemoveAt(0));
        MetadataExploitTests.AssertDisqualified(await Check(folder), "tokenizer-match", "differs");
    }

    [Fact]
    public async Task DuplicatedMergeLine_IsDisqualifiedNotThrown()
    {
        var folder = Models.Tiny(_temp, "dupmerge", seed: 2);
        EditTokenizer(folder, t =>
        {
            var merges = t["model"]!["merges"]!.AsArray();
            merges.Add(merges[0]!.DeepClone());
        });
        MetadataExploitTests.AssertDisqualified(await Check(folder), "tokenizer-match", "repeats the merge");
    }

    [Fact]
    public async Task MissingTokenizer_IsRejected()
    {
        var folder = Models.Tiny(_temp, "missing", seed: 2);
        File.Delete(Path.Combine(folder, "tokenizer.json"));
        MetadataExploitTests.AssertDisqualified(await Check(folder), "tokenizer-match", "no tokenizer.json");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"model\": {\"type\": \"Unigram\"}}")]
    [InlineData("[]")]
    public async Task MalformedTokenizer_FailsClosed(string content)
    {
        var folder = Models.Tiny(_temp, "malformed", seed: 2);
        await File.WriteAllTextAsync(Path.Combine(folder, "tokenizer.json"), content);
        var outcome = await Check(folder);
        Assert.True(outcome.IsDisqualified, outcome.ToString());
        Assert.Equal("tokenizer-match", outcome.AsT1.ReasonCode);
    }

    [Fact]
    public async Task MissingTeacherTokenizer_IsDeferredNotPassed()
    {
        var check = new TokenizerMatchCheck(new TokenizerMatchOptions { TeacherTokenizerPath = "nowhere/tokenizer.json" }, new HostEnvironment(_temp.Path, _temp.Path));
        var model = _storage.Add("miner/x", Models.Tiny(_temp, "x"));
        var outcome = await check.CheckAsync(await Models.ContextAsync(_storage, Models.Submission(model), withSnapshot: true), CancellationToken.None);
        Assert.True(outcome.IsDeferred, outcome.ToString());
    }

    private static void EditTokenizer(string folder, Action<JsonObject> edit)
    {
        var path = Path.Combine(folder, "tokenizer.json");
        var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    private async Task<CheckOutcome> Check(string folder)
    {
        var model = _storage.Add("miner/" + Path.GetFileName(folder), folder);
        return await _check.CheckAsync(await Models.ContextAsync(_storage, Models.Submission(model), withSnapshot: true), CancellationToken.None);
    }
}
