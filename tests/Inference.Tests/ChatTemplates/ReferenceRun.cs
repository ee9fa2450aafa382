using System.Text.Json.Nodes;
using Tournament.Inference.ChatTemplates;

namespace Tournament.Inference.Tests.ChatTemplates;

/// <summary>
/// Builds every reference case of <see cref="ChatTemplateReferenceTests"/> (real templates × conversations ×
/// add_generation_prompt × extras, the snippets, raw-context cases), renders them all with @huggingface/jinja in one
/// node process and with this renderer, once per test class.
/// </summary>
public sealed class ReferenceRun
{
    public ReferenceRun()
    {
        Reference = new JinjaReference();
        FixedClock clock = new(JinjaReference.Now);
        List<(string Group, ReferenceCase Case, Func<string> Ours)> all = [];
        foreach (string package in JinjaReference.Packages)
        {
            ChatTemplate template = ChatTemplate.Load(Reference.ModelFolder(package), time: clock);
            IEnumerable<(string Name, ChatMessage[] Messages)> conversations = Conversations.HandWritten().Concat(Conversations.Random(40, seed: 20261201));
            foreach ((string name, ChatMessage[] messages) in conversations)
            {
                foreach (bool prompt in new[] { false, true })
                {
                    foreach ((string extraName, Dictionary<string, JsonNode?> extra) in Extras(package))
                    {
                        JsonObject context = template.BuildContext(messages, prompt, extra);
                        all.Add(("matrix:" + package, new ReferenceCase($"{package}/{name}/agp={prompt}/{extraName}", package, null, context), () => template.Render(messages, prompt, extra)));
                    }
                }
            }

            foreach ((string name, JsonObject context) in RawContexts())
            {
                all.Add(("raw:" + package, new ReferenceCase($"{package}/{name}", package, null, context), () => JinjaTemplate.Parse(Reference.TemplateText(package)).Render(context, clock)));
            }
        }

        JsonObject snippetContext = JsonNode.Parse(Snippets.Context)!.AsObject();
        for (int i = 0; i < Snippets.Templates.Length; i++)
        {
            string text = Snippets.Templates[i];
            all.Add(("snippet", new ReferenceCase($"snippet #{i}: {text}", null, text, snippetContext), () => JinjaTemplate.Parse(text).Render(snippetContext, clock)));
        }

        IReadOnlyList<ReferenceRender> reference = Reference.Render([.. all.Select(a => a.Case)]);
        Results = [.. all.Select((a, i) => new Outcome(a.Group, a.Case, reference[i], Ours(a.Ours)))];
    }

    public JinjaReference Reference { get; }

    public IReadOnlyList<Outcome> Results { get; }

    private static ReferenceRender Ours(Func<string> render)
    {
        try
        {
            return new ReferenceRender(render(), null);
        }
        catch (ChatTemplateException ex)
        {
            return new ReferenceRender(null, ex.Message);
        }
    }

    private static IEnumerable<(string, Dictionary<string, JsonNode?>)> Extras(string package)
    {
        yield return ("plain", []);
        yield return ("tools", new() { ["tools"] = Conversations.Tools() });
        yield return ("no-thinking", new() { ["enable_thinking"] = false });
        if (package == "llama3_2")
        {
            yield return ("date+tools-in-system", new() { ["date_string"] = "26 Jul 2024", ["tools"] = Conversations.Tools(), ["tools_in_user_message"] = false });
        }
    }

    /// <summary>Contexts the ChatMessage API does not produce: multimodal content lists, numbers and nested
    /// structures in messages, unusual keys.</summary>
    private static IEnumerable<(string, JsonObject)> RawContexts()
    {
        yield return ("content-parts", JsonNode.Parse("""
            {"messages": [{"role": "system", "content": [{"type": "text", "text": " sys "}]},
                          {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "  What is this?  "}]},
                          {"role": "assistant", "content": "A cat."}],
             "add_generation_prompt": true, "bos_token": "<s>", "eos_token": "</s>"}
            """)!.AsObject());
        yield return ("tool-message-object", JsonNode.Parse("""
            {"messages": [{"role": "user", "content": "go"},
                          {"role": "assistant", "content": null, "tool_calls": [{"type": "function", "function": {"name": "f", "arguments": {"x": 1.5, "y": [1, 2], "10": "ten", "z": {"é": "ü"}}}}]},
                          {"role": "tool", "content": {"result": [1, 2, 3]}}],
             "add_generation_prompt": false, "tools": [], "bos_token": "<s>"}
            """)!.AsObject());
        yield return ("numbers", JsonNode.Parse("""
            {"messages": [{"role": "user", "content": "n"}], "add_generation_prompt": true,
             "tools": [{"type": "function", "function": {"name": "n", "parameters": {"a": 1.0, "b": 1e21, "c": 0.000001, "d": -0.0, "e": 123456789012, "f": 1.25e-7}}}]}
            """)!.AsObject());
    }
}

public sealed record Outcome(string Group, ReferenceCase Case, ReferenceRender Reference, ReferenceRender Ours)
{
    public bool Agrees => Reference.Error is not null ? Ours.Error is not null : string.Equals(Reference.Text, Ours.Text, StringComparison.Ordinal);
}
