using Tournament.Abstractions;
using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Inference.Tests.Models;

namespace Tournament.Inference.Tests.Generation;

public sealed class BatchGenerationTests
{
    private static readonly RoundSeed Round = RoundSeed.FromBlockHash("0x5eed");

    public static TheoryData<DecoderArchitecture> Architectures => [DecoderArchitecture.Llama, DecoderArchitecture.Qwen2, DecoderArchitecture.Qwen3];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void GenerateBatch_Greedy_EqualsOnePromptPathPerRow(DecoderArchitecture arch)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(arch), seed: 40 + (int)arch);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var requests = Prompts(ckpt.Config.VocabSize, 5, seed: 1);
        var options = new GenerationOptions { MaxNewTokens = 12, TopLogProbs = 4, EosTokenIds = [] };

        var batch = TextGenerator.GenerateBatch(model, requests, options);

        for (var r = 0; r < requests.Count; r++)
        {
            var alone = TextGenerator.Generate(model, requests[r].PromptIds, options);
            Assert.Equal(alone.Ids, batch[r].Ids);
            AssertTopsClose(alone.TopLogProbs, batch[r].TopLogProbs);
            Assert.Equal(requests[r].PromptIds.Count, batch[r].PromptTokens);
        }
    }

    [Fact]
    public void GenerateBatch_Sampled_EqualsOnePromptPathWithTheRowSeed()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 8);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var requests = Prompts(ckpt.Config.VocabSize, 6, seed: 2);
        var options = new GenerationOptions { MaxNewTokens = 16, TopLogProbs = 0, Temperature = 1.3, TopP = 0.9, TopK = 12, EosTokenIds = [] };

        var batch = TextGenerator.GenerateBatch(model, requests, options);

        for (var r = 0; r < requests.Count; r++)
        {
            Assert.Equal(TextGenerator.Generate(model, requests[r].PromptIds, options with { Seed = requests[r].Seed }).Ids, batch[r].Ids);
        }

        Assert.Contains(batch, b => !b.Ids.SequenceEqual(TextGenerator.Generate(model, requests[0].PromptIds, options with { Temperature = 0 }).Ids));
    }

    [Fact]
    public void GenerateBatch_SameSeeds_BitForBitReproducible()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen2), seed: 9);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var requests = Prompts(ckpt.Config.VocabSize, 4, seed: 3);
        var options = new GenerationOptions { MaxNewTokens = 20, TopLogProbs = 5, Temperature = 1.0, EosTokenIds = [] };

        var a = TextGenerator.GenerateBatch(model, requests, options);
        var b = TextGenerator.GenerateBatch(model, requests, options);
        var reseeded = TextGenerator.GenerateBatch(model, [.. requests.Select(r => r with { Seed = r.Seed + 1 })], options);

        for (var r = 0; r < requests.Count; r++)
        {
            Assert.Equal(a[r].Ids, b[r].Ids);
            for (var t = 0; t < a[r].TopLogProbs.Count; t++)
            {
                Assert.Equal(a[r].TopLogProbs[t].Ids, b[r].TopLogProbs[t].Ids);
                Assert.Equal(a[r].TopLogProbs[t].LogProbs, b[r].TopLogProbs[t].LogProbs);
            }
        }

        Assert.Contains(Enumerable.Range(0, requests.Count), r => !a[r].Ids.SequenceEqual(reseeded[r].Ids));
    }

    [Fact]
    public void GenerateBatch_RowOutput_IndependentOfBatchCompositionAndSize()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 10);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var others = Prompts(ckpt.Config.VocabSize, 7, seed: 4);
        var target = new GenerationRequest([3, 1, 4], Round.Derive("row/target").ToUInt64());
        var options = new GenerationOptions { MaxNewTokens = 14, TopLogProbs = 0, Temperature = 0.9, EosTokenIds = [] };

        var alone = TextGenerator.GenerateBatch(model, [target], options)[0];
        var middle = TextGenerator.GenerateBatch(model, [others[0], others[1], target, others[2]], options)[2];
        var last = TextGenerator.GenerateBatch(model, [.. others, target], options)[^1];

        Assert.Equal(alone.Ids, middle.Ids);
        Assert.Equal(alone.Ids, last.Ids);
    }

    [Fact]
    public void GenerateBatch_StopTokens_RowsStopAtTheirOwnTimeAndOthersContinueUnchanged()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 13);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var requests = Prompts(ckpt.Config.VocabSize, 8, seed: 5);
        var free = TextGenerator.GenerateBatch(model, requests, new GenerationOptions { MaxNewTokens = 10, TopLogProbs = 0, EosTokenIds = [] });
        var stop = free[0].Ids[3];
        var options = new GenerationOptions { MaxNewTokens = 10, TopLogProbs = 2, EosTokenIds = [stop] };

        var batch = TextGenerator.GenerateBatch(model, requests, options);

        for (var r = 0; r < requests.Count; r++)
        {
            var alone = TextGenerator.Generate(model, requests[r].PromptIds, options);
            Assert.Equal(alone.Ids, batch[r].Ids);
            Assert.Equal(alone.StopReason, batch[r].StopReason);
            var first = free[r].Ids.ToList().IndexOf(stop);
            Assert.Equal(first >= 0 ? StopReason.Eos : StopReason.MaxNewTokens, batch[r].StopReason);
            Assert.Equal(first >= 0 ? first + 1 : 10, batch[r].CompletionTokens);
        }

        Assert.Contains(batch, b => b.StopReason == StopReason.MaxNewTokens);
    }

    [Fact]
    public void GenerateBatch_StopString_CutsTextBeforeItAndStopsAtTheCompletingToken()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 14);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var requests = Prompts(ckpt.Config.VocabSize, 3, seed: 6);
        var free = TextGenerator.GenerateBatch(model, requests, new GenerationOptions { MaxNewTokens = 16, TopLogProbs = 0, EosTokenIds = [] }, Letters);
        var text = free[1].Text!;
        var stopString = text.Substring(7, 3);
        var options = new GenerationOptions { MaxNewTokens = 16, TopLogProbs = 0, EosTokenIds = [], StopStrings = [stopString, "never-there"] };

        var batch = TextGenerator.GenerateBatch(model, requests, options, Letters);

        var cut = text.IndexOf(stopString, StringComparison.Ordinal);
        Assert.Equal(StopReason.StopString, batch[1].StopReason);
        Assert.Equal(text[..cut], batch[1].Text);
        var completing = Enumerable.Range(1, 16).First(n => Letters(free[1].Ids.Take(n).ToList()).Contains(stopString, StringComparison.Ordinal));
        Assert.Equal(free[1].Ids.Take(completing), batch[1].Ids);
        Assert.Equal(TextGenerator.Generate(model, requests[1].PromptIds, options, Letters).Ids, batch[1].Ids);
        for (var r = 0; r < requests.Count; r++)
        {
            Assert.Equal(free[r].Text!.Contains(stopString, StringComparison.Ordinal) ? StopReason.StopString : StopReason.MaxNewTokens, batch[r].StopReason);
        }
    }

    [Fact]
    public void GenerateBatch_MaxNewTokens_CountsAndReason()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen2), seed: 15);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var requests = Prompts(ckpt.Config.VocabSize, 3, seed: 7);

        var batch = TextGenerator.GenerateBatch(model, requests, new GenerationOptions { MaxNewTokens = 1, TopLogProbs = 3, EosTokenIds = [] }, Letters);

        Assert.All(batch, b => Assert.Equal((StopReason.MaxNewTokens, 1, 1, 1), (b.StopReason, b.CompletionTokens, b.TopLogProbs.Count, b.Text!.Length)));
        Assert.Empty(TextGenerator.GenerateBatch(model, [], new GenerationOptions()));
    }

    public static TheoryData<GenerationOptions, string> HostileOptions => new()
    {
        { new GenerationOptions { TopP = 0 }, "TopP" },
        { new GenerationOptions { TopP = 1.5 }, "TopP" },
        { new GenerationOptions { TopP = double.NaN }, "TopP" },
        { new GenerationOptions { Temperature = -0.5 }, "Temperature" },
        { new GenerationOptions { Temperature = double.NaN }, "Temperature" },
        { new GenerationOptions { Temperature = double.PositiveInfinity }, "Temperature" },
        { new GenerationOptions { TopK = -1 }, "TopK" },
        { new GenerationOptions { MaxNewTokens = 0 }, "MaxNewTokens" },
        { new GenerationOptions { StopStrings = [string.Empty] }, "Stop strings" },
        { new GenerationOptions { StopStrings = [new string('x', 257)] }, "Stop strings" },
        { new GenerationOptions { StopStrings = [.. Enumerable.Range(0, 17).Select(i => $"s{i}")] }, "stop strings" },
    };

    [Theory]
    [MemberData(nameof(HostileOptions))]
    public void GenerateBatch_HostileOptions_RefusedWithOneSentence(GenerationOptions options, string names)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 16);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);

        var batch = Assert.Throws<ArgumentException>(() => TextGenerator.GenerateBatch(model, [new GenerationRequest([1, 2])], options, Letters));
        var single = Assert.Throws<ArgumentException>(() => TextGenerator.Generate(model, [1, 2], options, Letters));

        Assert.Contains(names, batch.Message, StringComparison.Ordinal);
        Assert.Equal(batch.Message, single.Message);
        Assert.EndsWith(".", batch.Message, StringComparison.Ordinal);
        Assert.Single(batch.Message.Split(". ", StringSplitOptions.None));
    }

    [Fact]
    public void GenerateBatch_BadPromptsOrStopStringsWithoutDecoder_Refused()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 17);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var options = new GenerationOptions();

        Assert.Contains("at least one token", Assert.Throws<ArgumentException>(() => TextGenerator.GenerateBatch(model, [new GenerationRequest([1]), new GenerationRequest([])], options)).Message, StringComparison.Ordinal);
        Assert.Contains("[0, 37)", Assert.Throws<ArgumentException>(() => TextGenerator.GenerateBatch(model, [new GenerationRequest([1, 37])], options)).Message, StringComparison.Ordinal);
        Assert.Contains("decoder", Assert.Throws<ArgumentException>(() => TextGenerator.GenerateBatch(model, [new GenerationRequest([1])], options with { StopStrings = ["a"] })).Message, StringComparison.Ordinal);
    }

    /// <summary>A test decoder: ids as letters, every fifth id as two letters (so tokens and characters do not align).</summary>
    private static string Letters(IReadOnlyList<long> ids) =>
        string.Concat(ids.Select(i => i % 5 == 0 ? $"{(char)('a' + (i % 26))}{(char)('A' + (i % 26))}" : ((char)('a' + (i % 26))).ToString()));

    private static List<GenerationRequest> Prompts(int vocab, int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new GenerationRequest(DecoderModelTests.RandomIds(rng, 1 + ((i * 3) % 9), vocab), Round.Derive($"test/row/{i}").ToUInt64()))];
    }

    private static void AssertTopsClose(IReadOnlyList<TopLogProbs> expected, IReadOnlyList<TopLogProbs> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var t = 0; t < expected.Count; t++)
        {
            Assert.Equal(expected[t].Ids, actual[t].Ids);
            for (var j = 0; j < expected[t].LogProbs.Length; j++)
            {
                Assert.Equal(expected[t].LogProbs[j], actual[t].LogProbs[j], 1e-4);
            }
        }
    }
}
