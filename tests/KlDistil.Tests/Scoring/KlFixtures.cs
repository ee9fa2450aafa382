using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Inference.Tooling.TinyModels;
using Tournament.Plugins.KlDistil;
using Tournament.Plugins.KlDistil.Scoring;
using Tournament.Plugins.KlDistil.Teacher;

namespace Tournament.KlDistil.Tests.Scoring;

/// <summary>A temp folder with a generated tiny teacher; students derived from it; helpers to build requests.</summary>
internal sealed class KlFixtures : IDisposable
{
    public const double TeacherInitStd = 0.2;

    public KlFixtures()
        : this(ModelArchitecture.Qwen3)
    {
    }

    public KlFixtures(ModelArchitecture teacher)
    {
        Root = Path.Combine(Path.GetTempPath(), "tournament-kldistil-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        TeacherPath = Path.Combine(Root, "teacher");
        TinyModelGenerator.Generate(new TinyModelSpec { Architecture = teacher, Seed = 11, InitStd = TeacherInitStd }, TeacherPath);
    }

    public string Root { get; }

    public string TeacherPath { get; }

    public static RoundSeed Seed { get; } = RoundSeed.FromBlockHash("0x" + new string('a', 64));

    public static PromptSet Prompts(int count = 3) => new(
        "test",
        "v1",
        Enumerable.Range(0, count).Select(i => Prompt.FromText($"p{i}", $"The quick brown fox {i} jumps over the lazy dog number {i * 7}.")).ToArray());

    public KlDivergenceOptions Options() => new()
    {
        TeacherPath = TeacherPath,
        TopK = 16,
        MaxNewTokens = 12,
        MinContinuationTokens = 4,
        ChunkPositions = 5,
        CacheDirectory = Path.Combine(Root, "cache"),
    };

    public string Noisy(string name, double sigma, ulong seed = 5)
    {
        var folder = Path.Combine(Root, name);
        ModelDerivation.AddNoise(TeacherPath, folder, sigma, seed);
        return folder;
    }

    public string Independent(string name, ulong seed, ModelArchitecture architecture = ModelArchitecture.Qwen3)
    {
        var folder = Path.Combine(Root, name);
        TinyModelGenerator.Generate(new TinyModelSpec { Architecture = architecture, Seed = seed, InitStd = TeacherInitStd }, folder);
        return folder;
    }

    public static Candidate Candidate(string hotkey, string folder, long block = 100)
    {
        var model = new ModelRef("miner/" + hotkey, new string('0', 39) + "1");
        return new Candidate(new Submission(hotkey, 1, block, model), new LocalSnapshot(model, folder, []), IsKing: false);
    }

    public static RoundContext Round(IProgressReporter? progress = null) =>
        new("distil", new ChainHead(1000, "0x" + new string('a', 64), DateTimeOffset.UnixEpoch), Seed, null, progress ?? NullProgressReporter.Instance, new NullSink());

    public KlDivergenceScorer Scorer(KlDivergenceOptions? options = null, Func<ITeacherBackend>? backend = null)
    {
        options ??= Options();
        var host = new HostEnvironment(Root, Path.Combine(Root, "data"));
        return new KlDivergenceScorer(options, host, new FakeTimeProvider(), NullLogger.Instance, backend ?? (() => new LocalTeacherBackend(options.TeacherPath, options.Dtype.RuntimeName(), options.Device)));
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

    private sealed class NullSink : IArtifactSink
    {
        public void Add(Artifact artifact)
        {
        }
    }
}

/// <summary>Wraps a backend, counting generations; optionally rewrites one prompt's answer.</summary>
internal sealed class CountingBackend(ITeacherBackend inner, Func<int, TeacherGeneration, TeacherGeneration>? rewrite = null) : ITeacherBackend
{
    private int _calls;

    public int Generations => _calls;

    public string Identity => inner.Identity;

    public int VocabSize => inner.VocabSize;

    public IReadOnlyList<int> Encode(string text) => inner.Encode(text);

    public TeacherGeneration Generate(IReadOnlyList<int> promptIds, TeacherSettings settings, ulong seed, CancellationToken cancellationToken)
    {
        var index = _calls++;
        var result = inner.Generate(promptIds, settings, seed, cancellationToken);
        return rewrite is null ? result : rewrite(index, result);
    }

    public Tournament.Inference.Models.DecoderModel? LocalModel() => inner.LocalModel();

    public void Dispose()
    {
        // The inner backend is shared across calls in tests and disposed by the test.
    }
}
