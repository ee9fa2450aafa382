using Tournament.Abstractions;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Training;

/// <summary>A conversation as token ids, with the tokens the model should learn to produce marked.</summary>
/// <param name="Ids">The token ids.</param>
/// <param name="AssistantMask">Per id, whether it belongs to an assistant reply (the SFT loss is taken on these only).</param>
public sealed record RenderedConversation(long[] Ids, bool[] AssistantMask);

/// <summary>Turns a conversation into ids and an assistant-token mask (a chat template plus a tokenizer).</summary>
public interface IConversationRenderer
{
    /// <summary>Renders and tokenises a conversation.</summary>
    /// <param name="turns">The messages, in order.</param>
    RenderedConversation Render(IReadOnlyList<ChatMessage> turns);
}

/// <summary>
/// Qwen-style ChatML: <c>&lt;|im_start|&gt;role\n…content…&lt;|im_end|&gt;\n</c> per message. Each piece is encoded on
/// its own and the ids are concatenated; an assistant message's content ids and its <c>&lt;|im_end|&gt;</c> are marked
/// (the model learns to reply and to stop), its header and the trailing newline are not.
/// </summary>
public sealed class ChatMlRenderer : IConversationRenderer
{
    private readonly HfTokenizer tokenizer;

    /// <summary>Creates the renderer; the tokenizer must know <c>&lt;|im_start|&gt;</c> and <c>&lt;|im_end|&gt;</c>.</summary>
    /// <param name="tokenizer">The model's tokenizer.</param>
    public ChatMlRenderer(HfTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        if (tokenizer.TokenToId("<|im_start|>") is null || tokenizer.TokenToId("<|im_end|>") is null)
        {
            throw new ArgumentException("The tokenizer has no <|im_start|>/<|im_end|> tokens, so it cannot render ChatML.", nameof(tokenizer));
        }

        this.tokenizer = tokenizer;
    }

    /// <inheritdoc />
    public RenderedConversation Render(IReadOnlyList<ChatMessage> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var ids = new List<long>();
        var mask = new List<bool>();
        void Add(string text, bool learn, bool special)
        {
            foreach (var id in tokenizer.Encode(text, recognizeSpecialTokens: special))
            {
                ids.Add(id);
                mask.Add(learn);
            }
        }

        foreach (var turn in turns)
        {
            var assistant = string.Equals(turn.Role, "assistant", StringComparison.Ordinal);
            Add($"<|im_start|>{turn.Role}\n", learn: false, special: true);
            Add(turn.Content, assistant, special: false);
            Add("<|im_end|>", assistant, special: true);
            Add("\n", learn: false, special: false);
        }

        return new RenderedConversation([.. ids], [.. mask]);
    }
}
