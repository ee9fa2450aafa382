using System.Text.Json;
using System.Text.Json.Nodes;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.ChatTemplates;

/// <summary>What <c>tournament chat-template render</c> does, kept out of the CLI so it can be tested.</summary>
public static class ChatTemplateRunner
{
    /// <summary>Renders the conversation in <paramref name="messagesPath"/> with the chat template of
    /// <paramref name="modelDirectory"/> and writes exactly the text (or, with <paramref name="ids"/>, the token ids as
    /// one JSON array line). Returns 0, or 2 with one sentence on <paramref name="error"/> when the model folder, the
    /// template, the messages or the extra variables are bad.</summary>
    public static int Render(string modelDirectory, string messagesPath, bool addGenerationPrompt, bool ids, string? extraPath, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            ChatTemplate template = ChatTemplate.Load(modelDirectory);
            IReadOnlyList<ChatMessage> messages = ChatMessagesFile.Load(messagesPath);
            Dictionary<string, JsonNode?>? extra = extraPath is null ? null : LoadExtra(extraPath);
            if (ids)
            {
                HfTokenizer tokenizer = HfTokenizer.Load(modelDirectory);
                output.WriteLine(JsonSerializer.Serialize(template.Encode(tokenizer, messages, addGenerationPrompt, extra)));
            }
            else
            {
                output.Write(template.Render(messages, addGenerationPrompt, extra));
            }

            output.Flush();
            return 0;
        }
        catch (Exception ex) when (ex is ChatTemplateException or TokenizerFormatException or TokenizerNotSupportedException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine(ex.Message);
            return 2;
        }
    }

    private static Dictionary<string, JsonNode?> LoadExtra(string path)
    {
        if (!File.Exists(path))
        {
            throw new ChatTemplateException($"The extra-variables file '{path}' does not exist.");
        }

        if (new FileInfo(path).Length > ChatMessagesFile.MaxBytes)
        {
            throw new ChatTemplateException($"The extra-variables file '{path}' is over the {ChatMessagesFile.MaxBytes:N0}-byte limit.");
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { MaxDepth = 64 }) is JsonObject o
                ? o.ToDictionary(p => p.Key, p => p.Value?.DeepClone())
                : throw new ChatTemplateException($"The extra-variables file '{path}' must hold a JSON object such as {{\"enable_thinking\": false}}.");
        }
        catch (JsonException ex)
        {
            throw new ChatTemplateException($"The extra-variables file '{path}' is not valid JSON (line {(ex.LineNumber ?? 0) + 1}).", ex);
        }
    }
}
