using System.Text.Json.Nodes;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Safetensors;
using Tournament.Inference.Tooling.TinyModels;

namespace Tournament.KlDistil.Tests.Fixtures;

/// <summary>Small generated model folders and the check context around them.</summary>
internal static class Models
{
    public static readonly RoundContext Round = new("distil", new ChainHead(1000, "0x" + new string('a', 64), DateTimeOffset.UnixEpoch), RoundSeed.FromBlockHash("0x" + new string('a', 64)), null, NullProgressReporter.Instance, new NullSink());

    /// <summary>A real tiny Qwen3 model (config.json, tokenizer.json, model.safetensors) from the project's generator.</summary>
    public static string Tiny(TempFolder temp, string name, ulong seed = 1, SafetensorsDType dtype = SafetensorsDType.F32, ModelArchitecture architecture = ModelArchitecture.Qwen3)
    {
        var folder = temp.Combine(name);
        TinyModelGenerator.Generate(new TinyModelSpec { Seed = seed, DType = dtype, Architecture = architecture }, folder);
        return folder;
    }

    public static int VocabOf(string folder) => (int)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!["vocab_size"]!.GetValue<long>();

    public static void EditConfig(string folder, Action<JsonObject> edit, string file = "config.json")
    {
        var path = Path.Combine(folder, file);
        var node = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path))!.AsObject() : [];
        edit(node);
        File.WriteAllText(path, node.ToJsonString());
    }

    /// <summary>Writes a safetensors file whose tensors are all zeros of the given dtype and shapes.</summary>
    public static void WriteSafetensors(string path, params (string Name, SafetensorsDType DType, long[] Shape)[] tensors)
    {
        var writer = new SafetensorsWriter();
        foreach (var (name, dtype, shape) in tensors)
        {
            var bytes = shape.Aggregate(1L, (a, d) => a * d) * SafetensorsDTypes.SizeOf(dtype);
            writer.Add(name, dtype, shape, new byte[bytes]);
        }

        writer.Write(path);
    }

    public static Submission Submission(ModelRef model, string hotkey = "hk-miner", long block = 500) => new(hotkey, 1, block, model);

    public static async Task<CheckContext> ContextAsync(FolderStorage storage, Submission submission, IFingerprintLedger? ledger = null, bool withSnapshot = false)
    {
        var description = (await storage.DescribeAsync(submission.Model, CancellationToken.None)).AsT0;
        var snapshot = withSnapshot ? (await storage.FetchAsync(submission.Model, FetchRequest.All, NullProgressReporter.Instance, CancellationToken.None)).AsT0 : null;
        return new CheckContext(Round, submission, description, storage, snapshot, ledger ?? new InMemoryFingerprintLedger(), false);
    }

    private sealed class NullSink : IArtifactSink
    {
        public void Add(Artifact artifact)
        {
        }
    }
}
