using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Abstractions;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.KlDistil.Tests.Prompts;
using Tournament.Plugins.KlDistil;
using Tournament.Plugins.KlDistil.Prompts;
using Tournament.Plugins.KlDistil.Scoring;

namespace Tournament.KlDistil.Tests.Scoring;

/// <summary>
/// The Distil sample round of <c>scripts/demo.sh</c>, rebuilt in a temporary folder: the real Qwen3 tokenizer shipped
/// in samples/distil-local/qwen3-tokenizer, the tiny Qwen3 teacher and the three scored students with the script's
/// exact generator arguments, the sample configuration's <c>climbmix</c> and <c>kl-divergence</c> options, and the
/// prompts of the local chain's block 0 for the sample's genesis seed.
/// </summary>
public sealed class SampleRound : IDisposable
{
    /// <summary>The test collection that shares one instance (generating the models takes a while).</summary>
    public const string Collection = "sample round";

    /// <summary>Block 0's hash for <c>GenesisSeed: "tournament-distil-local"</c> (what the demo's first round uses).</summary>
    public const string Block0Hash = "0x312590b63f2a4971f0a85dc5f7421758a0818050e594638af71ac1f8dac77ad5";

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public SampleRound()
    {
        Root = Path.Combine(Path.GetTempPath(), "tournament-sample-round-" + Guid.NewGuid().ToString("N"));
        var sample = Path.GetDirectoryName(SampleShards.Folder)!;
        var tokenizer = Path.Combine(Root, "qwen3-tokenizer");
        Directory.CreateDirectory(tokenizer);
        using (var gz = new GZipStream(File.OpenRead(Path.Combine(sample, "qwen3-tokenizer", "tokenizer.json.gz")), CompressionMode.Decompress))
        using (var target = File.Create(Path.Combine(tokenizer, "tokenizer.json")))
        {
            gz.CopyTo(target);
        }

        File.Copy(Path.Combine(sample, "qwen3-tokenizer", "tokenizer_config.json"), Path.Combine(tokenizer, "tokenizer_config.json"));

        // scripts/demo.sh: --arch qwen3 --hidden 64 --layers 2 --heads 4 --kv-heads 2 --intermediate 128 --tie --seed 7
        TeacherPath = Path.Combine(Root, "teacher");
        TinyModelGenerator.Generate(
            new TinyModelSpec { HiddenSize = 64, Layers = 2, Heads = 4, KvHeads = 2, IntermediateSize = 128, TieWordEmbeddings = true, Seed = 7, TokenizerFolder = tokenizer },
            TeacherPath);
        Students = [Derive("alice", 0.004, 1), Derive("bob", 0.010, 2), Derive("carol", 0.025, 3)];

        var components = JsonNode.Parse(File.ReadAllText(Path.Combine(sample, "tournament.json")))!["Components"]!;
        var climbmix = components["climbmix"].Deserialize<ClimbMixOptions>(Json)!;
        climbmix.ShardsPath = SampleShards.Folder;
        Prompts = new ClimbMixPromptSource(climbmix, new HostEnvironment(Root, Root))
            .SelectAsync(RoundSeed.FromBlockHash(Block0Hash).Derive("prompts"), NullProgressReporter.Instance, default).GetAwaiter().GetResult();
        SampleOptions = components["kl-divergence"]!.ToJsonString();
    }

    public string Root { get; }

    public string TeacherPath { get; }

    /// <summary>(hotkey, folder), closest to the teacher first.</summary>
    public IReadOnlyList<(string Hotkey, string Folder)> Students { get; }

    public PromptSet Prompts { get; }

    private string SampleOptions { get; }

    /// <summary>The sample's <c>kl-divergence</c> options with the teacher and cache in the temporary folder.</summary>
    public KlDivergenceOptions Options(KlMode mode)
    {
        var options = JsonSerializer.Deserialize<KlDivergenceOptions>(SampleOptions, Json)!;
        options.TeacherPath = TeacherPath;
        options.CacheDirectory = Path.Combine(Root, "cache");
        options.Mode = mode;
        return options;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a mapped file may still be closing.
        }
    }

    private (string, string) Derive(string hotkey, double sigma, ulong seed)
    {
        var folder = Path.Combine(Root, hotkey);
        ModelDerivation.AddNoise(TeacherPath, folder, sigma, seed);
        return (hotkey, folder);
    }
}

/// <summary>Shares one <see cref="SampleRound"/> between the classes that use it.</summary>
[CollectionDefinition(SampleRound.Collection)]
public sealed class SampleRoundGroup : ICollectionFixture<SampleRound>;
