using Microsoft.Extensions.Time.Testing;
using Tournament.Abstractions;
using Tournament.AlbedoDuel.Tests.Support;
using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.Plugins.AlbedoDuel.Generation;

namespace Tournament.AlbedoDuel.Tests.Duel;

/// <summary>The local runtime path of the duel scorer on a tiny generated decoder (CPU, seconds).</summary>
public sealed class LocalGenerationTests : IDisposable
{
    private const string ChatMl = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}<|im_start|>assistant\n";
    private readonly string _model = Directory.CreateTempSubdirectory("albedo-tiny-").FullName;

    public LocalGenerationTests() =>
        TinyModelGenerator.Generate(new TinyModelSpec { HiddenSize = 32, Layers = 1, Heads = 2, KvHeads = 1, IntermediateSize = 64, Seed = 5, InitStd = 0.5 }, _model);

    public void Dispose() => Directory.Delete(_model, recursive: true);

    [Fact]
    public async Task Generate_SeededPerSample_IsReproducibleAndIndependentOfTheBatch()
    {
        var prompts = await PromptsAsync(3);
        var seeds = prompts.Select(p => GenerationSeeds.For(RoundSeed.FromBlockHash("0x11").ForChallenger("5C"), GenerationSeeds.King, p.Id)).ToList();

        var one = await Generator(batch: 3).GenerateAsync(Side(), prompts, seeds, DateTimeOffset.MaxValue, CancellationToken.None);
        var again = await Generator(batch: 1).GenerateAsync(Side(), prompts, seeds, DateTimeOffset.MaxValue, CancellationToken.None);
        var reseeded = await Generator(batch: 3).GenerateAsync(Side(), prompts, [.. seeds.Select(s => s + 1)], DateTimeOffset.MaxValue, CancellationToken.None);

        Assert.All(one, r => Assert.Equal(GenerationStatus.Ok, r.Status));
        Assert.All(one, r => Assert.Equal(48, r.PromptTokens));
        Assert.Equal(one.Select(r => r.Text), again.Select(r => r.Text));
        Assert.NotEqual(one.Select(r => r.Text), reseeded.Select(r => r.Text));
        Assert.All(one, r => Assert.Equal(r.CompletionTokens == 6, r.Truncated));
    }

    [Fact]
    public async Task Generate_PastTheSoftBudget_SkipsUnstartedSamples_NotFailed()
    {
        var prompts = await PromptsAsync(4);
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddDays(1));

        var replies = await Generator(batch: 2, time).GenerateAsync(Side(), prompts, [1, 2, 3, 4], DateTimeOffset.UnixEpoch, CancellationToken.None);

        Assert.All(replies, r => Assert.Equal(GenerationStatus.Skipped, r.Status));
    }

    [Fact]
    public async Task Generate_ModelFilesThatDoNotLoad_AreTheMinersFault()
    {
        File.WriteAllText(Path.Combine(_model, "config.json"), "{\"architectures\": [\"Nope\"]}");

        var error = await Assert.ThrowsAsync<ModelUnavailableException>(() => Generator(batch: 2).GenerateAsync(Side(), [], [], DateTimeOffset.MaxValue, CancellationToken.None));

        Assert.True(error.MinersFault);
        Assert.Equal(GenerationSeeds.Challenger, error.Side);
    }

    private static LocalReplyGenerator Generator(int batch, TimeProvider? time = null) =>
        new(new DuelScorerOptions { MaxNewTokens = 6, MaxPromptTokens = 48, BatchSize = batch }, ChatTemplate.FromText(ChatMl), time ?? TimeProvider.System);

    private DuelSide Side() =>
        new(GenerationSeeds.Challenger, new Candidate(new Submission("5C", 1, 1, ModelRef.Parse("a/b@" + new string('a', 40))), new LocalSnapshot(ModelRef.Parse("a/b@" + new string('a', 40)), _model, []), false));

    private static async Task<IReadOnlyList<Prompt>> PromptsAsync(int count) =>
        (await ShippedCorpus.Source(ShippedCorpus.ManifestPath, ShippedCorpus.ManifestSha256, count).SelectAsync(RoundSeed.FromBlockHash("0x11").ForChallenger("5C"), NullProgressReporter.Instance, CancellationToken.None)).Prompts;
}
