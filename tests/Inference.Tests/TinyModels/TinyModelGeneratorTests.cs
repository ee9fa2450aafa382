using System.Text.Json;
using Snapshooter.Xunit;
using Tournament.Abstractions;
using Tournament.Inference.Hashing;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Safetensors;
using Tournament.Inference.Tooling.TinyModels;

namespace Tournament.Inference.Tests.TinyModels;

public sealed class TinyModelGeneratorTests
{
    [Fact]
    public void Generate_SameSpec_ByteIdenticalFilesAndPinnedContentHash()
    {
        using var folder = new TempFolder();
        var spec = new TinyModelSpec { Architecture = ModelArchitecture.Qwen3, HiddenSize = 32, Layers = 2, Heads = 4, KvHeads = 2, IntermediateSize = 48, DType = SafetensorsDType.BF16, Seed = 42 };
        TinyModelGenerator.Generate(spec, folder.Combine("a"));
        TinyModelGenerator.Generate(spec, folder.Combine("b"));

        foreach (var file in Directory.GetFiles(folder.Combine("a")))
        {
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(folder.Combine("b", Path.GetFileName(file))));
        }

        new
        {
            ContentHash = ContentHash.Compute(folder.Combine("a")),
            ExactWeightsHash = ExactWeightsHash.Compute(folder.Combine("a")),
            ConfigSha256 = ExactWeightsHash.HashFile(folder.Combine("a", "config.json")),
            TokenizerSha256 = ExactWeightsHash.HashFile(folder.Combine("a", "tokenizer.json")),
        }.MatchSnapshot();
    }

    [Theory]
    [InlineData(ModelArchitecture.Llama, false)]
    [InlineData(ModelArchitecture.Qwen2, false)]
    [InlineData(ModelArchitecture.Qwen3, true)]
    public void Generate_EachArchitecture_WritesHfKeysAndShapes(ModelArchitecture architecture, bool tie)
    {
        using var folder = new TempFolder();
        var config = TinyModelGenerator.Generate(new TinyModelSpec { Architecture = architecture, TieWordEmbeddings = tie, Seed = 1 }, folder.Path);
        using var checkpoint = SafetensorsCheckpoint.Open(folder.Path);
        var names = checkpoint.Names.ToHashSet();

        Assert.Equal(config.ToJson(), ModelConfig.Load(folder.Path).ToJson());
        Assert.Equal(TinyTokenizer.VocabSize, config.VocabSize);
        Assert.Equal(new long[] { config.VocabSize, 64 }, checkpoint.GetInfo("model.embed_tokens.weight").Shape);
        Assert.Equal(new long[] { 32, 64 }, checkpoint.GetInfo("model.layers.1.self_attn.k_proj.weight").Shape);
        Assert.Equal(new long[] { 64, 128 }, checkpoint.GetInfo("model.layers.0.mlp.down_proj.weight").Shape);
        Assert.Equal(!tie, names.Contains("lm_head.weight"));
        Assert.Equal(architecture == ModelArchitecture.Qwen2, names.Contains("model.layers.0.self_attn.q_proj.bias"));
        Assert.Equal(architecture == ModelArchitecture.Qwen3, names.Contains("model.layers.1.self_attn.k_norm.weight"));
        var perLayer = 9 + (architecture == ModelArchitecture.Qwen2 ? 3 : 0) + (architecture == ModelArchitecture.Qwen3 ? 2 : 0);
        Assert.Equal((2 * perLayer) + 2 + (tie ? 0 : 1), names.Count);
        Assert.All(DTypeConversions.ToFloat32(checkpoint.GetBytes("model.norm.weight"), SafetensorsDType.F32), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Generate_WeightStatistics_MatchInitStd()
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Generate(new TinyModelSpec { HiddenSize = 128, Heads = 4, IntermediateSize = 256, Seed = (ulong)Random.Shared.NextInt64() }, folder.Path);
        using var checkpoint = SafetensorsCheckpoint.Open(folder.Path);
        var values = DTypeConversions.ToFloat32(checkpoint.GetBytes("model.layers.0.mlp.up_proj.weight"), SafetensorsDType.F32);
        var mean = values.Average(v => (double)v);
        var std = Math.Sqrt(values.Average(v => ((double)v - mean) * ((double)v - mean)));
        Assert.InRange(mean, -0.001, 0.001);
        Assert.InRange(std, 0.019, 0.021);
    }

    [Fact]
    public void Generate_BF16_EqualsF32RoundedToBF16()
    {
        using var folder = new TempFolder();
        var seed = (ulong)Random.Shared.NextInt64();
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = seed }, folder.Combine("f32"));
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = seed, DType = SafetensorsDType.BF16 }, folder.Combine("bf16"));
        using var f32 = SafetensorsCheckpoint.Open(folder.Combine("f32"));
        using var bf16 = SafetensorsCheckpoint.Open(folder.Combine("bf16"));
        foreach (var name in f32.Names)
        {
            var expected = DTypeConversions.FromFloat32(DTypeConversions.ToFloat32(f32.GetBytes(name), SafetensorsDType.F32), SafetensorsDType.BF16);
            Assert.True(expected.AsSpan().SequenceEqual(bf16.GetBytes(name)), name);
        }
    }

    [Fact]
    public void Generate_WithTokenizerFolder_CopiesItAndSizesVocabulary()
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = 2 }, folder.Combine("a"));
        var config = TinyModelGenerator.Generate(new TinyModelSpec { Seed = 3, TokenizerFolder = folder.Combine("a") }, folder.Combine("b"));

        Assert.Equal(File.ReadAllBytes(folder.Combine("a", "tokenizer.json")), File.ReadAllBytes(folder.Combine("b", "tokenizer.json")));
        Assert.Equal(TinyTokenizer.VocabSize, config.VocabSize);
        Assert.Equal([TinyTokenizer.EndOfTextId], config.EosTokenIds);
        Assert.Throws<FileNotFoundException>(() => TinyModelGenerator.Generate(new TinyModelSpec { TokenizerFolder = folder.Combine("missing") }, folder.Combine("c")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"model\":{\"vocab\":{\"a\":\"zero\"}}}")]
    [InlineData("{\"added_tokens\":[{\"content\":\"x\"}]}")]
    [InlineData("{\"model\":{\"vocab\":{}}}")]
    [InlineData("{\"model\":{\"vocab\":{\"a\":99999999999}}}")]
    public void Generate_HostileTokenizerJson_ThrowsInvalidData(string tokenizerJson)
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder.Combine("tok"));
        File.WriteAllText(folder.Combine("tok", "tokenizer.json"), tokenizerJson);
        var ex = Assert.Throws<InvalidDataException>(() => TinyModelGenerator.Generate(new TinyModelSpec { TokenizerFolder = folder.Combine("tok") }, folder.Combine("m")));
        Assert.Contains("tokenizer.json", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.Combine("m")));
    }

    [Fact]
    public void TokenizerJson_IsValidByteLevelBpe()
    {
        using var doc = JsonDocument.Parse(TinyTokenizer.TokenizerJson());
        var model = doc.RootElement.GetProperty("model");
        Assert.Equal("BPE", model.GetProperty("type").GetString());
        var vocab = model.GetProperty("vocab").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(Enumerable.Range(0, vocab.Count), vocab.Values.Order());
        Assert.Equal(256, vocab.Keys.Count(k => k.Length == 1));
        Assert.Equal(0x120, vocab.Keys.Single(k => vocab[k] == ' ').Length == 0 ? 0 : vocab.Single(p => p.Value == ' ').Key[0]);
        foreach (var merge in model.GetProperty("merges").EnumerateArray().Select(m => m.GetString()!.Split(' ')))
        {
            Assert.True(vocab.ContainsKey(merge[0]) && vocab.ContainsKey(merge[1]) && vocab.ContainsKey(merge[0] + merge[1]));
        }
    }

    [Fact]
    public void Generate_InvalidSizes_ThrowsClearly()
    {
        using var folder = new TempFolder();
        Assert.Throws<ArgumentException>(() => TinyModelGenerator.Generate(new TinyModelSpec { HiddenSize = 66, Heads = 4 }, folder.Path));
        Assert.Throws<ArgumentException>(() => TinyModelGenerator.Generate(new TinyModelSpec { KvHeads = 3 }, folder.Path));
        Assert.Throws<ArgumentException>(() => TinyModelGenerator.Generate(new TinyModelSpec { DType = SafetensorsDType.I32 }, folder.Path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }

    [Fact]
    public void GenerateOrDerive_IntoNonEmptyFolder_RefusesAndKeepsFiles()
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = 1 }, folder.Combine("a"));
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = 2 }, folder.Combine("b"));
        var before = File.ReadAllBytes(folder.Combine("b", "model.safetensors"));

        Assert.Contains("not empty", Assert.Throws<IOException>(() => TinyModelGenerator.Generate(new TinyModelSpec { Seed = 3 }, folder.Combine("b"))).Message, StringComparison.Ordinal);
        Assert.Throws<IOException>(() => ModelDerivation.Reshard(folder.Combine("a"), folder.Combine("b"), 2));
        Assert.Throws<IOException>(() => ModelDerivation.AddNoise(folder.Combine("a"), folder.Combine("b"), 0.1, 1));
        Assert.Equal(before, File.ReadAllBytes(folder.Combine("b", "model.safetensors")));
    }

    [Fact]
    public void CopyWithFile_AddsFileAndKeepsWeights()
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = 1 }, folder.Combine("a"));
        ModelDerivation.CopyWithFile(folder.Combine("a"), folder.Combine("b"), "modeling_evil.py", "import os");

        Assert.Equal("import os", File.ReadAllText(folder.Combine("b", "modeling_evil.py")));
        Assert.Equal(ContentHash.Compute(folder.Combine("a")), ContentHash.Compute(folder.Combine("b")));
        Assert.Throws<ArgumentException>(() => ModelDerivation.CopyWithFile(folder.Combine("a"), folder.Combine("c"), "../x.py", "x"));
    }

    [Fact]
    public void Inspect_GeneratedModel_ReportsFactsAndParsableFingerprint()
    {
        using var folder = new TempFolder();
        TinyModelGenerator.Generate(new TinyModelSpec { Architecture = ModelArchitecture.Llama, DType = SafetensorsDType.F16, Seed = 8 }, folder.Path);
        var inspection = ModelInspection.Inspect(folder.Path);
        using var checkpoint = SafetensorsCheckpoint.Open(folder.Path);

        Assert.Equal("LlamaForCausalLM", inspection.Architecture);
        Assert.Equal(checkpoint.Tensors.Sum(t => t.Info.ElementCount), inspection.ParameterCount);
        Assert.Equal(checkpoint.Names.Count, inspection.DTypes["F16"]);
        Assert.Equal(ContentHash.Compute(folder.Path), inspection.ContentHash);
        Assert.Equal(inspection.FingerprintTensors, WeightFingerprint.Parse(inspection.Fingerprint).Tensors.Count);
        using var json = JsonDocument.Parse(ModelInspectionFormat.ToJson(inspection));
        Assert.Equal(inspection.ParameterCount, json.RootElement.GetProperty("parameter_count").GetInt64());
        Assert.Equal(inspection.DTypes["F16"], json.RootElement.GetProperty("dtypes").GetProperty("F16").GetInt32());
        Assert.Contains(inspection.ContentHash, ModelInspectionFormat.ToText(inspection), StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => ModelInspection.Inspect(folder.Combine("missing")));
    }
}
