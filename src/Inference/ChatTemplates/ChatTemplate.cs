using System.Text.Json.Nodes;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.ChatTemplates;

/// <summary>A model's chat template: loaded from its folder (<c>chat_template.jinja</c>, else
/// <c>tokenizer_config.json</c> <c>chat_template</c> as a string or a list of named templates), with the model's
/// <c>bos_token</c>/<c>eos_token</c>, rendered as transformers.js renders it.</summary>
public sealed class ChatTemplate
{
    private readonly JinjaTemplate _template;
    private readonly TimeProvider _time;

    private ChatTemplate(string text, string? bosToken, string? eosToken, ChatTemplateLimits? limits, TimeProvider? time)
    {
        Text = text;
        BosToken = bosToken;
        EosToken = eosToken;
        _template = JinjaTemplate.Parse(text, limits);
        _time = time ?? TimeProvider.System;
    }

    public string Text { get; }

    public string? BosToken { get; }

    public string? EosToken { get; }

    /// <summary>Parses a template given as text.</summary>
    public static ChatTemplate FromText(string text, string? bosToken = null, string? eosToken = null, ChatTemplateLimits? limits = null, TimeProvider? time = null)
        => new(text, bosToken, eosToken, limits, time);

    /// <summary>Loads the template of the model in <paramref name="modelDirectory"/>; <paramref name="name"/> picks one
    /// of several named templates (default: the one named "default").</summary>
    public static ChatTemplate Load(string modelDirectory, string? name = null, ChatTemplateLimits? limits = null, TimeProvider? time = null)
    {
        limits ??= ChatTemplateLimits.Default;
        if (!Directory.Exists(modelDirectory))
        {
            throw new ChatTemplateException($"The model folder '{modelDirectory}' does not exist.");
        }

        string configPath = Path.Combine(modelDirectory, "tokenizer_config.json");
        TokenizerConfig? config = File.Exists(configPath) ? TokenizerConfig.Load(configPath) : null;
        string jinjaPath = Path.Combine(modelDirectory, "chat_template.jinja");
        string text;
        if (File.Exists(jinjaPath) && name is null)
        {
            long bytes = new FileInfo(jinjaPath).Length;
            if (bytes > (long)limits.MaxTemplateChars * 4)
            {
                throw new ChatTemplateException($"Chat template error: {jinjaPath} is {bytes:N0} bytes, over the limit for a chat template; it is refused.");
            }

            text = File.ReadAllText(jinjaPath);
        }
        else
        {
            IReadOnlyDictionary<string, string> templates = config?.ChatTemplates ?? new Dictionary<string, string>();
            if (templates.Count == 0)
            {
                throw new ChatTemplateException($"The model folder '{modelDirectory}' has no chat template: neither chat_template.jinja nor a \"chat_template\" in tokenizer_config.json.");
            }

            string key = name ?? (templates.ContainsKey("default") ? "default" : templates.Count == 1 ? templates.Keys.First() : "default");
            if (!templates.TryGetValue(key, out string? found))
            {
                throw new ChatTemplateException($"tokenizer_config.json has no chat template named '{key}'; it has {string.Join(", ", templates.Keys.Order(StringComparer.Ordinal))}.");
            }

            text = found;
        }

        return new ChatTemplate(text, config?.BosToken, config?.EosToken, limits, time);
    }

    /// <summary>The variables a render sees: <c>messages</c>, <c>add_generation_prompt</c>, <c>bos_token</c> and
    /// <c>eos_token</c> (when the model has them), then <paramref name="extra"/> (e.g. <c>tools</c>,
    /// <c>enable_thinking</c>).</summary>
    public JsonObject BuildContext(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, IReadOnlyDictionary<string, JsonNode?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        JsonObject context = new()
        {
            ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)m.ToJson())]),
            ["add_generation_prompt"] = addGenerationPrompt,
        };
        if (BosToken is not null)
        {
            context["bos_token"] = BosToken;
        }

        if (EosToken is not null)
        {
            context["eos_token"] = EosToken;
        }

        foreach ((string key, JsonNode? value) in extra ?? new Dictionary<string, JsonNode?>())
        {
            if (context.ContainsKey(key))
            {
                throw new ChatTemplateException($"Chat template error: the extra variable '{key}' would replace one the renderer sets; pass it through the matching argument instead.");
            }

            context[key] = value?.DeepClone();
        }

        return context;
    }

    /// <summary>Renders the conversation to the exact prompt text.</summary>
    public string Render(IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, IReadOnlyDictionary<string, JsonNode?>? extra = null)
        => _template.Render(BuildContext(messages, addGenerationPrompt, extra), _time);

    /// <summary>Renders and encodes with the model's tokenizer; special-token markup in the rendered text (e.g.
    /// <c>&lt;|im_start|&gt;</c>) becomes its id, and no further BOS/EOS is added (the template writes them).</summary>
    public IReadOnlyList<int> Encode(HfTokenizer tokenizer, IReadOnlyList<ChatMessage> messages, bool addGenerationPrompt, IReadOnlyDictionary<string, JsonNode?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return tokenizer.Encode(Render(messages, addGenerationPrompt, extra), recognizeSpecialTokens: true, addSpecialTokens: false);
    }
}
