using System.Text;
using CsCheck;
using Tournament.Fuzzing;
using Tournament.Inference.ChatTemplates;
using Tournament.Inference.Tests.ChatTemplates;

namespace Tournament.Inference.Tests.Fuzz;

/// <summary>Issue 16: chat templates come from miners. Mutated templates (and renders of them) are refused with
/// <see cref="ChatTemplateException"/>, inside the render limits, never another exception.</summary>
public sealed class ChatTemplateFuzzTests
{
    private static readonly ChatMessage[] Messages = [new("system", "Be brief."), new("user", "Hi\nthere"), new("assistant", "Yo"), new("user", "Again?")];

    private static readonly ChatTemplateLimits Limits = new() { MaxSteps = 200_000, MaxOutputChars = 200_000, MaxCollectionItems = 20_000 };

    [Fact]
    public void MutatedTemplates_AreRefusedWithChatTemplateException()
    {
        var sources = Snippets.Templates.Append(ChatMlTemplate).Select(Encoding.UTF8.GetBytes).ToArray();
        var mutated = Gen.Int[0, sources.Length - 1].SelectMany(i => Mutations.Of(sources[i])).Select(b => Encoding.UTF8.GetString(b));
        new FuzzProperty("chat-template/mutated", typeof(ChatTemplateException)) { AllocationPerInputByte = 4096 }.Run(mutated, s => s.Length * 2, text =>
        {
            ChatTemplate.FromText(text, "<s>", "</s>", Limits).Render(Messages, addGenerationPrompt: true);
        }, ciIterations: 3_000);
    }

    private const string ChatMlTemplate = """
        {%- for message in messages %}{%- if loop.first and message.role != 'system' %}{{ '<|im_start|>system\nYou are helpful.<|im_end|>\n' }}{%- endif %}{{ '<|im_start|>' + message.role + '\n' + message.content | trim + '<|im_end|>\n' }}{%- endfor %}{%- if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{%- endif %}
        """;
}
