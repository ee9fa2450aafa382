using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Inference.Tests.Models;

namespace Tournament.Inference.Tests.Generation;

public sealed class TextGeneratorTests
{
    public static TheoryData<DecoderArchitecture> Architectures => [DecoderArchitecture.Llama, DecoderArchitecture.Qwen2, DecoderArchitecture.Qwen3];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void Generate_GreedyWithKvCache_EqualsFullReforward(DecoderArchitecture arch)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(arch), seed: 31 + (int)arch);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var prompt = DecoderModelTests.RandomIds(new Random(2), 5, ckpt.Config.VocabSize);
        var options = new GenerationOptions { MaxNewTokens = 24, TopLogProbs = 6, EosTokenIds = [] };

        var cached = TextGenerator.Generate(model, prompt, options);
        var full = TextGenerator.Generate(model, prompt, options with { UseKvCache = false });

        Assert.Equal(24, cached.Ids.Count);
        AssertSameGeneration(full, cached);
    }

    /// <summary>Same ids, same top-k ids, top-k log-probabilities within 1e-4.</summary>
    internal static void AssertSameGeneration(GenerationResult expected, GenerationResult actual)
    {
        Assert.Equal(expected.Ids, actual.Ids);
        Assert.Equal(expected.TopLogProbs.Count, actual.TopLogProbs.Count);
        for (var i = 0; i < expected.TopLogProbs.Count; i++)
        {
            Assert.Equal(expected.TopLogProbs[i].Ids, actual.TopLogProbs[i].Ids);
            for (var j = 0; j < expected.TopLogProbs[i].LogProbs.Length; j++)
            {
                Assert.Equal(expected.TopLogProbs[i].LogProbs[j], actual.TopLogProbs[i].LogProbs[j], 1e-4);
            }
        }
    }

    [Fact]
    public void Generate_Greedy_FollowsFloat64ReferenceArgmaxAndLogProbs()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 77);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var prompt = DecoderModelTests.RandomIds(new Random(4), 3, ckpt.Config.VocabSize).ToList();

        var result = TextGenerator.Generate(model, prompt, new GenerationOptions { MaxNewTokens = 6, TopLogProbs = 3, EosTokenIds = [] });

        for (var i = 0; i < result.Ids.Count; i++)
        {
            var logits = ReferenceDecoder.Forward(ckpt, [.. prompt]).Logits[^1];
            var max = logits.Max();
            var lse = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
            var order = Enumerable.Range(0, logits.Length).OrderByDescending(j => logits[j]).ToArray();
            Assert.Equal(order[0], result.Ids[i]);
            Assert.Equal(order.Take(3).Select(j => (long)j), result.TopLogProbs[i].Ids);
            Assert.Equal(logits[order[1]] - lse, result.TopLogProbs[i].LogProbs[1], 1e-4);
            prompt.Add(result.Ids[i]);
        }
    }

    [Fact]
    public void Generate_EosProduced_StopsAndIncludesEos()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 5);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        long[] prompt = [1, 7, 9];
        var free = TextGenerator.Generate(model, prompt, new GenerationOptions { MaxNewTokens = 8, EosTokenIds = [] });

        var stopped = TextGenerator.Generate(model, prompt, new GenerationOptions { MaxNewTokens = 8, EosTokenIds = [free.Ids[2]] });

        Assert.Equal(StopReason.MaxNewTokens, free.StopReason);
        Assert.Equal(StopReason.Eos, stopped.StopReason);
        var firstEos = free.Ids.ToList().IndexOf(free.Ids[2]);
        Assert.Equal(free.Ids.Take(firstEos + 1), stopped.Ids);
    }

    [Fact]
    public void Generate_SamplingSameSeed_IsReproducibleAndSeedMatters()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen2), seed: 6);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        long[] prompt = [4, 8, 15];
        var options = new GenerationOptions { MaxNewTokens = 32, Temperature = 1.5, TopP = 0.95, EosTokenIds = [] };

        var a = TextGenerator.Generate(model, prompt, options with { Seed = 42 });
        var b = TextGenerator.Generate(model, prompt, options with { Seed = 42 });
        var others = Enumerable.Range(1, 4).Select(s => TextGenerator.Generate(model, prompt, options with { Seed = (ulong)s }).Ids).ToList();

        Assert.Equal(a.Ids, b.Ids);
        Assert.Contains(others, o => !o.SequenceEqual(a.Ids));
    }

    [Fact]
    public void Generate_TinyTopP_EqualsGreedy()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 12);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        long[] prompt = [3, 1, 4, 1, 5];

        var greedy = TextGenerator.Generate(model, prompt, new GenerationOptions { MaxNewTokens = 16, EosTokenIds = [] });
        var nucleus = TextGenerator.Generate(model, prompt, new GenerationOptions { MaxNewTokens = 16, Temperature = 0.7, TopP = 1e-9, Seed = 9, EosTokenIds = [] });

        Assert.Equal(greedy.Ids, nucleus.Ids);
    }

    [Fact]
    public void Generate_TokenOutsideVocabulary_Throws()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 1);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);

        var ex = Assert.Throws<ArgumentException>(() => TextGenerator.Generate(model, [1, 999], new GenerationOptions()));

        Assert.Contains("[0, 37)", ex.Message, StringComparison.Ordinal);
    }
}
