using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Models;
using Tournament.Inference.Safetensors;
using Tournament.Inference.Tooling.TinyModels;
using static TorchSharp.torch;

namespace Tournament.Inference.Tests.Models;

public sealed class FromPretrainedLayoutTests
{
    public static TheoryData<DecoderArchitecture> Architectures => [DecoderArchitecture.Llama, DecoderArchitecture.Qwen2, DecoderArchitecture.Qwen3];

    [Theory]
    [MemberData(nameof(Architectures))]
    public void FromPretrained_ReshardedCopy_BitIdenticalLogits(DecoderArchitecture arch)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(arch), seed: 31 + (int)arch);
        using var folder = new TempFolder();
        ModelDerivation.Reshard(ckpt.Folder, folder.Combine("sharded"), 3);
        Assert.True(File.Exists(folder.Combine("sharded", ShardIndex.FileName)));

        Assert.Equal(Logits(ckpt.Folder, ckpt.Config.VocabSize), Logits(folder.Combine("sharded"), ckpt.Config.VocabSize));
    }

    [Fact]
    public void FromPretrained_RenamedShardsCopy_BitIdenticalLogits()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 41);
        using var folder = new TempFolder();
        ModelDerivation.Reshard(ckpt.Folder, folder.Combine("sharded"), 4);
        ModelDerivation.Rename(folder.Combine("sharded"), folder.Combine("renamed"));
        Assert.Contains("weights-part-1.safetensors", Directory.GetFiles(folder.Combine("renamed")).Select(Path.GetFileName));

        Assert.Equal(Logits(ckpt.Folder, ckpt.Config.VocabSize), Logits(folder.Combine("renamed"), ckpt.Config.VocabSize));
    }

    [Fact]
    public void FromPretrained_RenamedSingleFile_BitIdenticalLogits()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 42);
        using var folder = new TempFolder();
        ModelDerivation.Rename(ckpt.Folder, folder.Combine("renamed"));

        Assert.Equal(Logits(ckpt.Folder, ckpt.Config.VocabSize), Logits(folder.Combine("renamed"), ckpt.Config.VocabSize));
    }

    [Fact]
    public void FromPretrained_ShardedWithMissingShard_FailsWithCheckpointMessage()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 43);
        using var folder = new TempFolder();
        var sharded = folder.Combine("sharded");
        ModelDerivation.Reshard(ckpt.Folder, sharded, 3);
        File.Delete(Path.Combine(sharded, "model-00002-of-00003.safetensors"));
        var expected = Assert.Throws<CheckpointException>(() => SafetensorsCheckpoint.Open(sharded));

        var ex = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(sharded));

        Assert.Equal(expected.Message, ex.Message);
        Assert.IsType<CheckpointException>(ex.InnerException);
        Assert.Contains("model-00002-of-00003.safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPretrained_ShardIndexNamingWrongShard_NamesTheTensor()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen2), seed: 44);
        using var folder = new TempFolder();
        var sharded = folder.Combine("sharded");
        ModelDerivation.Reshard(ckpt.Folder, sharded, 2);
        var indexPath = Path.Combine(sharded, ShardIndex.FileName);
        var index = JsonNode.Parse(File.ReadAllText(indexPath))!;
        const string Key = "model.embed_tokens.weight";
        var map = index["weight_map"]!.AsObject();
        map[Key] = map[Key]!.GetValue<string>() == "model-00001-of-00002.safetensors" ? "model-00002-of-00002.safetensors" : "model-00001-of-00002.safetensors";
        File.WriteAllText(indexPath, index.ToJsonString());

        var ex = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(sharded));

        Assert.Contains(Key, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPretrained_NestedTextConfig_MatchesFlatConfig()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen3), seed: 45);
        using var folder = new TempFolder();
        var nested = folder.Combine("nested");
        ModelDerivation.CopyFolder(ckpt.Folder, nested);
        var flat = JsonNode.Parse(File.ReadAllText(Path.Combine(ckpt.Folder, "config.json")))!.AsObject();
        var text = new JsonObject();
        foreach (var (key, value) in flat.ToList())
        {
            if (key != "architectures")
            {
                flat.Remove(key);
                text[key] = value;
            }
        }

        flat["model_type"] = "qwen3_vl";
        flat["text_config"] = text;
        File.WriteAllText(Path.Combine(nested, "config.json"), flat.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));

        using var model = DecoderModel.FromPretrained(nested);

        Assert.Equal(ckpt.Config, model.Config with { EosTokenIds = ckpt.Config.EosTokenIds });
        Assert.Equal(ckpt.Config.EosTokenIds, model.Config.EosTokenIds);
        Assert.Equal(Logits(ckpt.Folder, ckpt.Config.VocabSize), Logits(nested, ckpt.Config.VocabSize));
    }

    [Fact]
    public void FromPretrained_UnsupportedHiddenAct_NamesTheKey()
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Llama), seed: 46);
        var path = Path.Combine(ckpt.Folder, "config.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"silu\"", "\"gelu\"", StringComparison.Ordinal));

        var ex = Assert.Throws<InvalidDataException>(() => DecoderModel.FromPretrained(ckpt.Folder));

        Assert.Contains("hidden_act", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'gelu' is not supported", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bf16")]
    [InlineData("f16")]
    public void FromPretrained_HalfPrecisionResharded_BitIdenticalLogits(string dtype)
    {
        using var ckpt = TinyCheckpoint.Create(TinyCheckpoint.ConfigFor(DecoderArchitecture.Qwen2), seed: 47);
        using var folder = new TempFolder();
        ModelDerivation.Reshard(ckpt.Folder, folder.Combine("sharded"), 2);

        Assert.Equal(Logits(ckpt.Folder, ckpt.Config.VocabSize, dtype), Logits(folder.Combine("sharded"), ckpt.Config.VocabSize, dtype));
    }

    [Theory]
    [InlineData(SafetensorsDType.F32, "f32")]
    [InlineData(SafetensorsDType.BF16, "bf16")]
    [InlineData(SafetensorsDType.F16, "f16")]
    [InlineData(SafetensorsDType.BF16, "f32")]
    [InlineData(SafetensorsDType.F16, "f32")]
    [InlineData(SafetensorsDType.F32, "bf16")]
    public void FromPretrained_StoredDType_ParametersEqualStoredValues(SafetensorsDType stored, string dtype)
    {
        using var folder = new TempFolder();
        var model = folder.Combine("m");
        TinyModelGenerator.Generate(new TinyModelSpec { Architecture = ModelArchitecture.Qwen3, DType = stored, VocabSize = 61, Seed = 9 }, model);
        using var checkpoint = SafetensorsCheckpoint.Open(model);

        using var decoder = DecoderModel.FromPretrained(model, dtype, "cpu");

        foreach (var (name, parameter) in decoder.named_parameters())
        {
            var info = checkpoint.GetInfo(name);
            var storedScalar = stored switch { SafetensorsDType.BF16 => ScalarType.BFloat16, SafetensorsDType.F16 => ScalarType.Float16, _ => ScalarType.Float32 };
            using var raw = empty(info.ElementCount, storedScalar);
            raw.bytes = checkpoint.GetBytes(name).ToArray();
            using var expected = raw.to_type(parameter.dtype).to_type(ScalarType.Float64);
            using var actual = parameter.view(-1).to_type(ScalarType.Float64);
            Assert.Equal(expected.data<double>().ToArray(), actual.data<double>().ToArray());
            Assert.True(actual.abs().sum().item<double>() > 0, name);
        }
    }

    private static float[] Logits(string modelFolder, int vocab, string dtype = "f32")
    {
        using var model = DecoderModel.FromPretrained(modelFolder, dtype, "cpu");
        var rng = new Random(7);
        var seq = Enumerable.Range(0, 6).Select(_ => (long)rng.Next(vocab)).ToArray();
        using var ids = tensor(seq, [1, 6]);
        using var output = model.forward(new DecoderInput(ids));
        using var f = output.Logits.to_type(ScalarType.Float32);
        return f.data<float>().ToArray();
    }
}
