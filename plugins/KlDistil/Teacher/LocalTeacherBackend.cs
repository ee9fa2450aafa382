using System.Security.Cryptography;
using System.Text;
using Tournament.Inference.Generation;
using Tournament.Inference.Models;
using Tournament.Inference.Tokenizers;

namespace Tournament.Plugins.KlDistil.Teacher;

/// <summary>The teacher run by the project's runtime from a local HF-layout folder.</summary>
internal sealed class LocalTeacherBackend : ITeacherBackend
{
    private readonly string _folder;
    private readonly string _dtype;
    private readonly string _device;
    private readonly HfTokenizer _tokenizer;
    private DecoderModel? _model;

    public LocalTeacherBackend(string folder, string dtype, string device)
    {
        _folder = folder;
        _dtype = dtype;
        _device = device;
        if (!Directory.Exists(folder))
        {
            throw new TeacherUnavailableException($"The teacher folder '{folder}' does not exist; set Components:kl-divergence:TeacherPath to a model folder.");
        }

        _tokenizer = HfTokenizer.Load(folder);
        Identity = ComputeIdentity(folder, dtype);
        VocabSize = Inference.ModelFiles.ModelConfig.Load(Path.Combine(folder, "config.json")).VocabSize;
    }

    public string Identity { get; }

    public int VocabSize { get; }

    public IReadOnlyList<int> Encode(string text) => _tokenizer.Encode(text, recognizeSpecialTokens: false, addSpecialTokens: false);

    public DecoderModel? LocalModel() => _model ??= DecoderModel.FromPretrained(_folder, _dtype, _device);

    public TeacherGeneration Generate(IReadOnlyList<int> promptIds, TeacherSettings settings, ulong seed, CancellationToken cancellationToken)
    {
        _model ??= DecoderModel.FromPretrained(_folder, _dtype, _device);
        var options = new GenerationOptions
        {
            MaxNewTokens = settings.MaxNewTokens,
            TopLogProbs = settings.TopK,
            Temperature = settings.Sample ? settings.Temperature : 0,
            TopP = settings.Sample ? settings.TopP : 1.0,
            Seed = seed,
        };
        var result = TextGenerator.Generate(_model, promptIds.Select(i => (long)i).ToArray(), options, cancellationToken);
        return new TeacherGeneration(
            result.Ids.Select(i => checked((int)i)).ToArray(),
            result.TopLogProbs.Select(t => t.Ids.Select(i => checked((int)i)).ToArray()).ToArray(),
            result.TopLogProbs.Select(t => t.LogProbs).ToArray());
    }

    public void Dispose() => _model?.Dispose();

    // Content identity without hashing gigabytes every round: every file's name, size and modification time, plus the
    // full bytes of the small JSON files (config, tokenizer, generation config), plus the dtype.
    private static string ComputeIdentity(string folder, string dtype)
    {
        var text = new StringBuilder("local|").Append(dtype).Append('|');
        foreach (var file in Directory.GetFiles(folder).Order(StringComparer.Ordinal))
        {
            var info = new FileInfo(file);
            text.Append(info.Name).Append(':').Append(info.Length).Append(':').Append(info.LastWriteTimeUtc.Ticks).Append('|');
            if (info.Extension == ".json" && info.Length < 64 << 20)
            {
                text.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))).Append('|');
            }
        }

        return "local:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
