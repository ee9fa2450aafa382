using Tournament.Abstractions;
using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Inference.Tests.Models;

namespace Tournament.Inference.Tests.Generation;

/// <summary>
/// Batched generation on Qwen3.5: left padding must not leak into the linear-attention layers (conv window and
/// recurrent state), so every row of a batch generates what the one-prompt path generates for it.
/// </summary>
public sealed class HybridBatchGenerationTests
{
    private static readonly RoundSeed Round = RoundSeed.FromBlockHash("0x35ba7c40");

    public static TheoryData<bool> Families => [false, true];

    [Theory]
    [MemberData(nameof(Families))]
    public void GenerateBatch_Greedy_Qwen35_EqualsOnePromptPathPerRow(bool moe)
    {
        using var ckpt = HybridCheckpoint.Create(moe ? HybridCheckpoint.Moe() : HybridCheckpoint.Dense(), seed: moe ? 351 : 350);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var requests = Prompts(ckpt.Config.VocabSize, 5, seed: 3);
        var options = new GenerationOptions { MaxNewTokens = 10, TopLogProbs = 4, EosTokenIds = [] };

        var batch = TextGenerator.GenerateBatch(model, requests, options);

        for (var r = 0; r < requests.Count; r++)
        {
            var alone = TextGenerator.Generate(model, requests[r].PromptIds, options);
            Assert.Equal(alone.Ids, batch[r].Ids);
            Assert.Equal(alone.TopLogProbs.Count, batch[r].TopLogProbs.Count);
            for (var t = 0; t < alone.TopLogProbs.Count; t++)
            {
                Assert.Equal(alone.TopLogProbs[t].Ids, batch[r].TopLogProbs[t].Ids);
                for (var j = 0; j < alone.TopLogProbs[t].LogProbs.Length; j++)
                {
                    Assert.Equal(alone.TopLogProbs[t].LogProbs[j], batch[r].TopLogProbs[t].LogProbs[j], 1e-4);
                }
            }
        }
    }

    [Fact]
    public void GenerateBatch_Sampled_Qwen35_RowDoesNotDependOnItsBatch()
    {
        using var ckpt = HybridCheckpoint.Create(HybridCheckpoint.Dense(), seed: 352);
        using var model = DecoderModel.FromPretrained(ckpt.Folder);
        var requests = Prompts(ckpt.Config.VocabSize, 4, seed: 4);
        var options = new GenerationOptions { MaxNewTokens = 10, Temperature = 1.0, EosTokenIds = [] };

        var together = TextGenerator.GenerateBatch(model, requests, options);
        var inSmallerBatch = TextGenerator.GenerateBatch(model, [requests[1], requests[3]], options);

        Assert.Equal(together[1].Ids, inSmallerBatch[0].Ids);
        Assert.Equal(together[3].Ids, inSmallerBatch[1].Ids);
        Assert.Equal(TextGenerator.Generate(model, requests[2].PromptIds, options with { Seed = requests[2].Seed }).Ids, together[2].Ids);
    }

    private static List<GenerationRequest> Prompts(int vocab, int count, int seed)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => new GenerationRequest(DecoderModelTests.RandomIds(rng, 1 + ((i * 5) % 11), vocab), Round.Derive($"test/hybrid/{i}").ToUInt64()))];
    }
}
