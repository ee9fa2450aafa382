using System.CommandLine;
using Tournament.Cli;
using Tournament.Inference.ChatTemplates;

namespace Tournament.Inference.Tooling.Commands;

/// <summary><c>tournament chat-template render --model DIR --messages FILE [--add-generation-prompt] [--ids] [--extra FILE]</c></summary>
internal static class ChatTemplateCommand
{
    public static Command Create(CommandContext context)
    {
        Option<string> model = new("--model") { Description = "Model folder with chat_template.jinja or tokenizer_config.json (and tokenizer.json for --ids)", Required = true };
        Option<string> messages = new("--messages") { Description = "JSON file: [{\"role\": ..., \"content\": ..., \"tool_calls\"?: [...], \"reasoning_content\"?: ...}]", Required = true };
        Option<bool> prompt = new("--add-generation-prompt") { Description = "End with the assistant header so the model writes the next turn" };
        Option<bool> ids = new("--ids") { Description = "Print the token ids (a JSON array) instead of the text" };
        Option<string?> extra = new("--extra") { Description = "JSON file with extra template variables, e.g. {\"tools\": [...], \"enable_thinking\": false}" };
        Command render = new("render", "Render a conversation with the model's chat template; writes exactly the prompt text to stdout.");
        render.Options.Add(model);
        render.Options.Add(messages);
        render.Options.Add(prompt);
        render.Options.Add(ids);
        render.Options.Add(extra);
        render.SetAction((parseResult, cancellationToken) => Task.FromResult(ChatTemplateRunner.Render(
            parseResult.GetValue(model)!,
            parseResult.GetValue(messages)!,
            parseResult.GetValue(prompt),
            parseResult.GetValue(ids),
            parseResult.GetValue(extra),
            context.Output,
            context.Error)));
        Command command = new("chat-template", "Chat templates of model folders (Jinja, rendered as transformers.js renders them).");
        command.Subcommands.Add(render);
        return command;
    }
}
