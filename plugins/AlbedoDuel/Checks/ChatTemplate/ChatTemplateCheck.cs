using System.Text;
using System.Text.Json;
using Tournament.Abstractions;
using Tournament.Inference.ModelFiles;
using Tournament.Plugins.AlbedoDuel.Generation;

namespace Tournament.Plugins.AlbedoDuel.Checks;

/// <summary>
/// Every chat template the model ships (<c>chat_template.jinja</c>, <c>chat_template</c> in tokenizer_config.json or
/// chat_template.json, each named template of a list) must hash (SHA-256 of its UTF-8 text) to the canonical one: a
/// miner's template could steer how prompts are rendered. Evaluation renders with the canonical template regardless.
/// </summary>
[Component(Name, Options = typeof(ChatTemplateCheckOptions), Description = "Every chat template in the model must have the canonical template's SHA-256 (the canonical one is enforced at evaluation).")]
internal sealed class ChatTemplateCheck : IAntiCheatCheck
{
    public const string Name = "chat-template";

    private const string JinjaFile = "chat_template.jinja";
    private static readonly string[] JsonFiles = ["tokenizer_config.json", "chat_template.json"];

    private readonly ChatTemplateCheckOptions _options;
    private readonly string _sha256;

    public ChatTemplateCheck(ChatTemplateCheckOptions options, HostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _sha256 = CanonicalChatTemplate.Load(environment, options.TemplatePath, options.Sha256, $"Components:{Name}:TemplatePath").Sha256;
    }

    public CheckStage Stage => CheckStage.Metadata;

    public async Task<CheckOutcome> CheckAsync(CheckContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var templates = new List<(string Where, string Text)>();
        if (ModelMetadata.Find(context.Description, JinjaFile) is not null)
        {
            var read = await context.Storage.ReadFileAsync(context.Submission.Model, JinjaFile, ModelMetadata.MaxJsonBytes, cancellationToken).ConfigureAwait(false);
            if (!read.IsOk)
            {
                return read.Match<CheckOutcome>(_ => CheckOutcome.Pass(), d => d.ReasonCode == ReasonCodes.Removed ? d : new Disqualified(Name, d.Message), d => d);
            }

            templates.Add((JinjaFile, Encoding.UTF8.GetString(read.AsT0)));
        }

        foreach (var file in JsonFiles.Where(f => ModelMetadata.Find(context.Description, f) is not null))
        {
            var (doc, stop) = await ModelMetadata.ReadJsonAsync(context, file, Name, cancellationToken).ConfigureAwait(false);
            if (stop is not null)
            {
                return stop;
            }

            using (doc)
            {
                if (!TryCollect(doc!.RootElement, file, templates, out var problem))
                {
                    return CheckOutcome.Disqualify(Name, problem!);
                }
            }
        }

        if (templates.Count == 0)
        {
            return _options.RequireTemplate
                ? CheckOutcome.Disqualify(Name, "The model has no chat template; ship the canonical chat template unchanged.")
                : CheckOutcome.Pass("no chat template; the canonical one is enforced");
        }

        foreach (var (where, text) in templates)
        {
            var sha = CanonicalChatTemplate.Hash(text);
            if (!string.Equals(sha, _sha256, StringComparison.Ordinal))
            {
                return CheckOutcome.Disqualify(Name, $"The chat template in {where} has SHA-256 {sha}, not the canonical {_sha256}; ship the canonical chat template unchanged.");
            }
        }

        return CheckOutcome.Pass(_sha256);
    }

    /// <summary><c>chat_template</c> as a string, or a list of <c>{"name", "template"}</c>; absent is fine.</summary>
    private static bool TryCollect(JsonElement root, string file, List<(string Where, string Text)> templates, out string? problem)
    {
        problem = null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("chat_template", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            templates.Add(($"{file} chat_template", value.GetString()!));
            return true;
        }

        if (value.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in value.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("template", out var template) || template.ValueKind != JsonValueKind.String)
                {
                    problem = $"{file} has a chat_template list entry without a string \"template\"; ship the canonical chat template unchanged.";
                    return false;
                }

                var name = entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : "?";
                templates.Add(($"{file} chat_template '{Clip(name!)}'", template.GetString()!));
            }

            return true;
        }

        problem = $"{file} has a chat_template that is neither a string nor a list; ship the canonical chat template unchanged.";
        return false;
    }

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
