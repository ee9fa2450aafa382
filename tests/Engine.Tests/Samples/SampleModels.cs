using System.Globalization;
using System.Text;
using Tournament.Samples.Example.Bigram;
using Tournament.Samples.Example.Prompts;

namespace Tournament.Engine.Tests.Samples;

/// <summary>
/// The generator of the committed sample models under samples/example-local/models: every model is a deterministic
/// function of samples/example-local/prompts.txt. Run the tests with TOURNAMENT_WRITE_SAMPLES=1 to (re)write them.
/// </summary>
internal static class SampleModels
{
    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tournament.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Tournament.sln not found above the test output folder.");
        }
    }

    public static string ExampleDirectory => Path.Combine(RepoRoot, "samples", "example-local");

    public static string ModelsDirectory => Path.Combine(ExampleDirectory, "models");

    /// <summary>Each model's files (relative path → bytes).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, byte[]>> Generate()
    {
        var lines = LinePromptSource.Candidates(File.ReadAllText(Path.Combine(ExampleDirectory, "prompts.txt"))).Select(p => p.Text).ToList();
        var reversed = lines.Select(l => new string([.. l.Reverse()])).ToList();
        var fine = BigramTrainer.Train(lines, 0.05);
        return new Dictionary<string, IReadOnlyDictionary<string, byte[]>>
        {
            ["alice/bigram-fine"] = Files(fine, "add-k 0.05 on prompts.txt"),
            ["bob/bigram-smooth"] = Files(BigramTrainer.Train(lines, 25), "add-k 25 on prompts.txt"),
            ["carol/bigram-uniform"] = Files(BigramTrainer.Uniform(), "uniform"),
            ["dave/bigram-reversed"] = Files(BigramTrainer.Train(reversed, 0.05), "add-k 0.05 on prompts.txt read backwards"),
            ["mallory/bigram-with-code"] = new Dictionary<string, byte[]>(Files(fine, "add-k 0.05 on prompts.txt, plus a Python file"))
            {
                ["tokenize.py"] = Encoding.UTF8.GetBytes("# Never executed: the example-no-code check rejects any model that ships a .py file.\nprint('hello')\n"),
            },
        };
    }

    private static Dictionary<string, byte[]> Files(BigramModel model, string recipe) => new()
    {
        [BigramModel.FileName] = model.ToJson(),
        ["config.json"] = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\n  \"model_type\": \"char-bigram\",\n  \"alphabet_size\": 27,\n  \"recipe\": \"{recipe}\"\n}}\n")),
    };
}
