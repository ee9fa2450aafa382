using System.Text.Json.Nodes;
using Tournament.Abstractions;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.KlDistil.Tests.Fixtures;

namespace Tournament.AlbedoDuel.Tests.Support;

/// <summary>Tiny generated models served by a folder storage, and the check context around them.</summary>
internal sealed class CheckRig : IDisposable
{
    public const string BlockHash = "0x5eed000000000000000000000000000000000000000000000000000000000001";

    public TempFolder Temp { get; } = new();

    public FolderStorage Storage { get; } = new();

    public MemoryLedger Ledger { get; } = new();

    public static RoundContext Round(SubmissionKey? king = null) =>
        new("albedo", new ChainHead(1000, BlockHash, DateTimeOffset.UnixEpoch), RoundSeed.FromBlockHash(BlockHash), king, NullProgressReporter.Instance, new NullSink());

    /// <summary>A real tiny Qwen3 decoder (config.json, tokenizer files with a chat template, model.safetensors).</summary>
    public string Model(string name, ulong seed = 1, SafetensorsDType dtype = SafetensorsDType.BF16, int layers = 2)
    {
        var folder = Temp.Combine(name);
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = seed, DType = dtype, Layers = layers }, folder);
        return folder;
    }

    public string Folder(string name) => Directory.CreateDirectory(Temp.Combine(name)).FullName;

    public static void Edit(string folder, string file, Action<JsonObject> edit)
    {
        var path = Path.Combine(folder, file);
        var node = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : [];
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    public async Task<CheckContext> ContextAsync(string folder, string hotkey = "hk-challenger", long block = 500, SubmissionKey? king = null, bool snapshot = false)
    {
        var model = Storage.Add("miner/" + Path.GetFileName(folder), folder);
        var submission = new Submission(hotkey, 1, block, model);
        var description = (await Storage.DescribeAsync(model, CancellationToken.None)).AsT0;
        var local = snapshot ? (await Storage.FetchAsync(model, FetchRequest.All, NullProgressReporter.Instance, CancellationToken.None)).AsT0 : null;
        return new CheckContext(Round(king), submission, description, Storage, local, Ledger, king == submission.Key);
    }

    public void Dispose() => Temp.Dispose();

    /// <summary>The fingerprint ledger of one test: records in insertion order.</summary>
    internal sealed class MemoryLedger : IFingerprintLedger
    {
        public List<FingerprintRecord> Records { get; } = [];

        public IReadOnlyList<FingerprintRecord> Find(string kind) => Records.Where(r => r.Kind == kind).OrderBy(r => r.Owner.CommitBlock).ToList();

        public void Record(SubmissionKey owner, string kind, string value) => Records.Add(new FingerprintRecord(owner, kind, value));
    }

    private sealed class NullSink : IArtifactSink
    {
        public void Add(Artifact artifact)
        {
        }
    }
}
