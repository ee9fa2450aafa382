using Tournament.Cli;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Cli;

public sealed class TrainCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("train-cli").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task ModelsTrain_Conversations_Exit0WithProgressAndALoadableFolder()
    {
        var model = await Model();
        var data = Write("chats.jsonl", "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]\n[{\"role\":\"user\",\"content\":\"bye\"},{\"role\":\"assistant\",\"content\":\"see you\"}]\n");
        var output = Path.Combine(_root, "trained");

        var (code, stdout, stderr) = await Run("models", "train", "--model", model, "--out", output, "--data", data, "--epochs", "3", "--batch", "2", "--lr", "0.01");

        Assert.True(code == 0, stderr);
        Assert.Contains("Trained 3 steps on 2 examples", stdout, StringComparison.Ordinal);
        Assert.Contains("step 3/3 loss ", stderr, StringComparison.Ordinal);
        Assert.Contains(" tok/s ETA ", stderr, StringComparison.Ordinal);
        var logits = await Run("models", "logits", output, "--text", "hi", "--top-k", "2");
        Assert.True(logits.Code == 0, logits.Stderr);
        Assert.True(File.Exists(Path.Combine(output, "tokenizer.json")));
    }

    [Fact]
    public async Task ModelsTrain_TeacherFile_Exit0()
    {
        var model = await Model();
        var teacher = Write("teacher.jsonl", "{\"prompt_ids\":[1,2],\"completion_ids\":[3,4],\"top_ids\":[[3,5],[4,6]],\"top_logprobs\":[[-0.1,-2.5],[-0.2,-1.75]]}\n");

        var (code, stdout, stderr) = await Run("models", "train", "--model", model, "--out", Path.Combine(_root, "distilled"), "--teacher", teacher, "--batch", "1");

        Assert.True(code == 0, stderr);
        Assert.Contains("Trained 1 steps on 1 examples", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("both", "exactly one of --data")]
    [InlineData("nan-lr", "LearningRate must be in")]
    [InlineData("malformed", "Line 1 of ")]
    [InlineData("missing", "missing.jsonl")]
    public async Task ModelsTrain_BadInput_Exit2WithOneLine(string problem, string expected)
    {
        var model = await Model();
        var good = Write("good.jsonl", "[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"hello\"}]\n");
        var bad = Write("bad.jsonl", "[{\"role\":\"user\",\"content\":\"hi\"\n");
        string[] args = problem switch
        {
            "both" => ["--data", good, "--teacher", good],
            "nan-lr" => ["--data", good, "--lr", "NaN"],
            "malformed" => ["--data", bad],
            _ => ["--data", Path.Combine(_root, "missing.jsonl")],
        };

        var (code, _, stderr) = await Run(["models", "train", "--model", model, "--out", Path.Combine(_root, "x"), .. args]);

        Assert.Equal(ExitCodes.InvalidInput, code);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    private async Task<string> Model()
    {
        var folder = Path.Combine(_root, "base");
        var generated = await Run("models", "generate", "--out", folder, "--hidden", "16", "--intermediate", "32", "--heads", "2", "--kv-heads", "1", "--seed", "4");
        Assert.True(generated.Code == 0, generated.Stderr);
        return folder;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(_root, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Runs the real <c>tournament</c> executable (it carries the torch backend; this test assembly does not).</summary>
    private static async Task<(int Code, string Stdout, string Stderr)> Run(params string[] args)
    {
        var result = await TournamentCli.RunAsync(args);
        return (result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
