using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Inference.Generation;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;
using Tournament.Inference.Safetensors;
using Tournament.Inference.Tooling.TinyModels;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Models.Hybrid;

public sealed class Qwen35GeneratorTests
{
    [Theory]
    [InlineData(ModelArchitecture.Qwen35, SafetensorsDType.F32, true)]
    [InlineData(ModelArchitecture.Qwen35Moe, SafetensorsDType.BF16, false)]
    public void Generate_PublishedLayoutWithLayerTypes_LoadsAndCachedDecodeMatches(ModelArchitecture arch, SafetensorsDType dtype, bool tied)
    {
        var folder = Path.Combine(Path.GetTempPath(), "tiny-qwen35-gen-" + Guid.NewGuid().ToString("N"));
        try
        {
            var written = TinyModelGenerator.Generate(new TinyModelSpec { Architecture = arch, DType = dtype, TieWordEmbeddings = tied, VocabSize = 97, Seed = 5, Layers = 5, InitStd = 0.3 }, folder);

            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "config.json")));
            var text = doc.RootElement.GetProperty("text_config");
            Assert.Equal(ModelArchitectures.ClassName(arch), doc.RootElement.GetProperty("architectures")[0].GetString());
            Assert.Equal(
                ["linear_attention", "linear_attention", "linear_attention", "full_attention", "full_attention"],
                text.GetProperty("layer_types").EnumerateArray().Select(e => e.GetString()));
            using (var checkpoint = SafetensorsCheckpoint.Open(folder))
            {
                Assert.All(checkpoint.Names.Where(n => n != "lm_head.weight"), n => Assert.StartsWith("model.language_model.", n, StringComparison.Ordinal));
                Assert.Contains("model.language_model.layers.0.linear_attn.in_proj_qkv.weight", checkpoint.Names);
                Assert.Equal(arch == ModelArchitecture.Qwen35Moe, checkpoint.Contains("model.language_model.layers.4.mlp.experts.gate_up_proj"));
            }

            Assert.Equal(arch == ModelArchitecture.Qwen35Moe ? 8 : 0, written.Hybrid!.NumExperts);
            using var model = DecoderModel.FromPretrained(folder, "f32", "cpu");
            using var ids = tensor(new long[] { 5, 17, 42, 96, 3, 3, 60 }, [1, 7]);
            using var output = model.forward(new DecoderInput(ids));
            var options = new GenerationOptions { MaxNewTokens = 10, TopLogProbs = 2, EosTokenIds = [] };

            Assert.True(output.Logits.isfinite().all().item<bool>());
            Assert.Equal(
                TextGenerator.Generate(model, [5, 17, 1], options with { UseKvCache = false }).Ids,
                TextGenerator.Generate(model, [5, 17, 1], options).Ids);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, true);
            }
        }
    }

    [Fact]
    public void Generate_SameSpec_ByteIdenticalFiles()
    {
        var a = Path.Combine(Path.GetTempPath(), "tiny-qwen35-a-" + Guid.NewGuid().ToString("N"));
        var b = Path.Combine(Path.GetTempPath(), "tiny-qwen35-b-" + Guid.NewGuid().ToString("N"));
        try
        {
            var spec = new TinyModelSpec { Architecture = ModelArchitecture.Qwen35Moe, Seed = 9 };
            TinyModelGenerator.Generate(spec, a);
            TinyModelGenerator.Generate(spec, b);

            foreach (var file in new[] { "config.json", "model.safetensors" })
            {
                Assert.Equal(File.ReadAllBytes(Path.Combine(a, file)), File.ReadAllBytes(Path.Combine(b, file)));
            }
        }
        finally
        {
            Directory.Delete(a, true);
            Directory.Delete(b, true);
        }
    }
}
