using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Tests.Tokenizers;

namespace Tournament.Inference.Tests.ChatTemplates;

/// <summary>Render + encode with the real Qwen3 tokenizer, checked against tokenizers.js on the same text.</summary>
[Collection(Qwen3TokenizerGroup.Name)]
public sealed class ChatTemplateEncodeTests(Qwen3TokenizerFixture qwen)
{
    [Fact]
    public void Encode_Qwen3Conversation_IdsMatchTheReferenceTokenizerAndMarkupIsSpecial()
    {
        ChatTemplate template = ChatTemplate.Load(qwen.Folder);
        ChatMessage[] messages = [new("system", "Be brief."), new("user", "2+2? 你好"), new("assistant", "<think>\nadd\n</think>\n\n4"), new("user", "and 3+3?")];
        string text = template.Render(messages, addGenerationPrompt: true);
        IReadOnlyList<int> ids = template.Encode(qwen.Tokenizer, messages, addGenerationPrompt: true);

        Assert.Equal(qwen.RunReference([text]).Single().Ids, ids);
        Assert.Equal(151_644, ids[0]); // <|im_start|>
        Assert.Equal(4, ids.Count(id => id == 151_645)); // one <|im_end|> per turn
        Assert.Equal(text, qwen.Tokenizer.Decode(ids));
        Assert.EndsWith("<|im_start|>assistant\n", text, StringComparison.Ordinal);
    }
}
