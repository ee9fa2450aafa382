using System.Collections.ObjectModel;
using System.Text.Json;

namespace Tournament.Inference.Tokenizers;

/// <summary>
/// The parts of <c>tokenizer_config.json</c> (and <c>generation_config.json</c>) the engine relies on. Nothing in
/// these files is ever executed: <see cref="HasAutoMap"/> only reports that the file asks for custom code, which a
/// check must reject.
/// </summary>
public sealed record TokenizerConfig
{
    public string? BosToken { get; init; }

    public string? EosToken { get; init; }

    public string? PadToken { get; init; }

    public string? UnkToken { get; init; }

    /// <summary>Chat templates by name; a single string template is named <c>default</c>.</summary>
    public IReadOnlyDictionary<string, string> ChatTemplates { get; init; } = ReadOnlyDictionary<string, string>.Empty;

    /// <summary>True when the file has an <c>auto_map</c> (custom tokenizer code); such a tokenizer must be rejected.</summary>
    public bool HasAutoMap { get; init; }

    public string? TokenizerClass { get; init; }

    /// <summary>Reads tokenizer_config.json from a file or from the folder holding it.</summary>
    public static TokenizerConfig Load(string fileOrDirectory, HfTokenizerOptions? options = null)
    {
        options ??= HfTokenizerOptions.Default;
        string path = Directory.Exists(fileOrDirectory) ? Path.Combine(fileOrDirectory, "tokenizer_config.json") : fileOrDirectory;
        using JsonDocument doc = BoundedJson.Read(path, options.MaxFileBytes, options.MaxJsonDepth);
        JsonFields f = new(path);
        JsonElement root = f.Object(doc.RootElement, "(root)");
        return new TokenizerConfig
        {
            BosToken = SpecialToken(root, "bos_token", f),
            EosToken = SpecialToken(root, "eos_token", f),
            PadToken = SpecialToken(root, "pad_token", f),
            UnkToken = SpecialToken(root, "unk_token", f),
            ChatTemplates = ChatTemplatesOf(root, f),
            HasAutoMap = root.TryGetProperty("auto_map", out _),
            TokenizerClass = f.OptionalString(root, "tokenizer_class", "(root)"),
        };
    }

    /// <summary>The <c>eos_token_id</c> of generation_config.json (a number or a list), empty when absent.</summary>
    public static IReadOnlyList<int> LoadGenerationEosIds(string fileOrDirectory, HfTokenizerOptions? options = null)
    {
        options ??= HfTokenizerOptions.Default;
        string path = Directory.Exists(fileOrDirectory) ? Path.Combine(fileOrDirectory, "generation_config.json") : fileOrDirectory;
        using JsonDocument doc = BoundedJson.Read(path, options.MaxFileBytes, options.MaxJsonDepth);
        JsonFields f = new(path);
        JsonElement root = f.Object(doc.RootElement, "(root)");
        return JsonFields.Optional(root, "eos_token_id") switch
        {
            null => [],
            { ValueKind: JsonValueKind.Array } arr => arr.EnumerateArray().Select((e, i) => f.Int(e, $"eos_token_id[{i}]")).ToArray(),
            { } one => [f.Int(one, "eos_token_id")],
        };
    }

    private static string? SpecialToken(JsonElement root, string name, JsonFields f) => JsonFields.Optional(root, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o => f.String(f.Required(o, "content", $"{name}.content"), $"{name}.content"),
        _ => throw f.Error(name, "must be a string or an AddedToken object with \"content\"."),
    };

    private static ReadOnlyDictionary<string, string> ChatTemplatesOf(JsonElement root, JsonFields f)
    {
        Dictionary<string, string> templates = new(StringComparer.Ordinal);
        switch (JsonFields.Optional(root, "chat_template"))
        {
            case null:
                break;
            case { ValueKind: JsonValueKind.String } s:
                templates["default"] = s.GetString()!;
                break;
            case { ValueKind: JsonValueKind.Array } arr:
                int i = 0;
                foreach (JsonElement t in arr.EnumerateArray())
                {
                    string path = $"chat_template[{i++}]";
                    string name = f.String(f.Required(t, "name", $"{path}.name"), $"{path}.name");
                    if (!templates.TryAdd(name, f.String(f.Required(t, "template", $"{path}.template"), $"{path}.template")))
                    {
                        throw f.Error($"{path}.name", $"the template name '{name}' appears twice.");
                    }
                }

                break;
            default:
                throw f.Error("chat_template", "must be a string or a list of {name, template} objects.");
        }

        return templates.AsReadOnly();
    }
}
