using Tournament.Abstractions;
using Tournament.Inference.Generation;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;
using Tournament.Inference.Tooling.TinyModels;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Models;

public sealed class TinyModelGeneratorInteropTests
{
    [Theory]
    [InlineData(ModelArchitecture.Llama, SafetensorsDType.F32, false)]
    [InlineData(ModelArchitecture.Qwen2, SafetensorsDType.BF16, true)]
    [InlineData(ModelArchitecture.Qwen3, SafetensorsDType.F16, false)]
    public void FromPretrained_GeneratedTinyModel_LoadsAndCacheMatchesReforward(ModelArchitecture arch, SafetensorsDType dtype, bool tied)
    {
        var folder = Directory.CreateTempSubdirectory("tiny-generated").FullName;
        try
        {
            Directory.Delete(folder);
            TinyModelGenerator.Generate(new TinyModelSpec { Architecture = arch, DType = dtype, TieWordEmbeddings = tied, VocabSize = 97, Seed = 3 }, folder);
            using var model = DecoderModel.FromPretrained(folder, "f32", "cpu");
            using var ids = tensor(new long[] { 5, 17, 42, 96 }, [1, 4]);

            using var output = model.forward(new DecoderInput(ids));
            var options = new GenerationOptions { MaxNewTokens = 10, TopLogProbs = 2, EosTokenIds = [] };

            Assert.Equal([1L, 4, 97], output.Logits.shape);
            Assert.True(output.Logits.isfinite().all().item<bool>());
            Assert.Equal(
                TextGenerator.Generate(model, [5, 17], options with { UseKvCache = false }).Ids,
                TextGenerator.Generate(model, [5, 17], options).Ids);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, true);
            }
        }
    }
}
