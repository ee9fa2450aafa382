using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tournament.Abstractions;
using Tournament.Engine.BuiltIn;
using Tournament.Engine.Composition;
using Tournament.Engine.Rounds;
using Tournament.Engine.Tests.Rounds.Fakes;
using Tournament.Samples.Example.Checks;
using Tournament.Samples.Example.Prompts;
using Tournament.Samples.Example.Scoring;

namespace Tournament.Engine.Tests.Samples;

/// <summary>A whole round of the example mode over the committed sample models, with the real sample components.</summary>
public sealed class ExampleRoundTests
{
    [Fact]
    public async Task RunAsync_ExampleMode_BestModelCrownedCodeModelDisqualifiedScoresOrdered()
    {
        var chain = new FakeChain();
        var models = new[] { "carol/bigram-uniform", "alice/bigram-fine", "bob/bigram-smooth", "dave/bigram-reversed", "mallory/bigram-with-code" };
        foreach (var repo in models)
        {
            chain.Commit(repo.Split('/')[0], $"{repo}@{Revision(repo)}");
            chain.Advance();
        }

        var scorer = new BigramScorer(new BigramScorerOptions());
        var environment = new HostEnvironment(SampleModels.ExampleDirectory, Path.GetTempPath());
        var storage = new FolderStorage(SampleModels.ModelsDirectory);
        var composition = new ModeComposition(
            "example",
            new NamedComponent<IChain>("fake-chain", chain),
            new NamedComponent<IStateStore>("memory", new InMemoryStateStore()),
            [new NamedComponent<IStorageBackend>("folder", storage)],
            null,
            new NamedComponent<IPromptSource>("example-lines", new LinePromptSource(new LinePromptOptions { Path = "prompts.txt", Count = 12 }, environment)),
            new NamedComponent<IScorer>("example-bigram-ce", scorer),
            new NamedComponent<IKingRule>("best-score", new BestScoreKingRule(new BestScoreOptions())),
            [
                new NamedComponent<IAntiCheatCheck>("example-no-code", new NoCodeCheck(new NoCodeCheckOptions())),
                new NamedComponent<IAntiCheatCheck>("example-bigram-valid", new BigramFileCheck(new BigramFileCheckOptions())),
            ]);
        var runner = new RoundRunner(NullLogger<RoundRunner>.Instance, new FakeTimeProvider());

        var result = await runner.RunAsync(composition, NullProgressReporter.Instance, default);

        Assert.Equal("alice", result.Summary.King?.Hotkey);
        var mallory = result.Outcomes.Single(o => o.Hotkey == "mallory");
        Assert.Equal((CandidateStatus.Disqualified, "example-no-code"), (mallory.Status, mallory.Source));
        var scores = result.Outcomes.Where(o => o.Status == CandidateStatus.Scored).ToDictionary(o => o.Hotkey, o => o.Score!.Value);
        Assert.True(scores["alice"] < scores["bob"], $"alice {scores["alice"]} bob {scores["bob"]}");
        Assert.True(scores["bob"] < scores["carol"], $"bob {scores["bob"]} carol {scores["carol"]}");
        Assert.Equal(Math.Log(27), scores["carol"], 1e-4);
        Assert.True(scores["dave"] > scores["alice"]);
    }

    private static string Revision(string repo) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(repo)));

    /// <summary>Serves &lt;root&gt;/&lt;owner&gt;/&lt;name&gt; folders as they are (the real <c>local</c> backend also verifies the content hash).</summary>
    private sealed class FolderStorage(string root) : IStorageBackend
    {
        private static readonly RevisionForm ContentHash = new(null, 64);

        public bool CanResolve(ModelRef model) => ContentHash.Matches(model.Revision);

        public Task<StorageResult<ModelDescription>> DescribeAsync(ModelRef model, CancellationToken cancellationToken) =>
            Task.FromResult(StorageResult<ModelDescription>.Ok(new ModelDescription(model, Files(model), true, new Dictionary<string, string>())));

        public Task<StorageResult<byte[]>> ReadFileAsync(ModelRef model, string path, long maxBytes, CancellationToken cancellationToken) =>
            Task.FromResult(StorageResult<byte[]>.Ok(File.ReadAllBytes(Path.Combine(root, model.Repo, path))));

        public Task<StorageResult<SafetensorsHeader>> ReadSafetensorsHeaderAsync(ModelRef model, string path, CancellationToken cancellationToken) =>
            Task.FromResult(StorageResult<SafetensorsHeader>.Defer("none"));

        public Task<StorageResult<LocalSnapshot>> FetchAsync(ModelRef model, FetchRequest request, IProgressReporter progress, CancellationToken cancellationToken) =>
            Task.FromResult(StorageResult<LocalSnapshot>.Ok(new LocalSnapshot(model, Path.Combine(root, model.Repo), Files(model))));

        private List<ModelFile> Files(ModelRef model)
        {
            var folder = Path.Combine(root, model.Repo);
            return [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Select(f => new ModelFile(Path.GetRelativePath(folder, f).Replace('\\', '/'), new FileInfo(f).Length, null))];
        }
    }
}
