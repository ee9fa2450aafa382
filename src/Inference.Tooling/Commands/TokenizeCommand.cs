using System.CommandLine;
using Tournament.Cli;
using Tournament.Inference.Tokenizers;

namespace Tournament.Inference.Tooling.Commands;

/// <summary><c>tournament tokenize --tokenizer FILE_OR_DIR --text T [--json] [--no-special]</c></summary>
internal static class TokenizeCommand
{
    public static Command Create(CommandContext context)
    {
        Option<string> tokenizer = new("--tokenizer") { Description = "tokenizer.json, or the model folder holding it", Required = true };
        Option<string> text = new("--text") { Description = "Text to encode", Required = true };
        Option<bool> json = new("--json") { Description = "Write JSON (ids, tokens, decoded)" };
        Option<bool> noSpecial = new("--no-special") { Description = "Treat special-token markup such as <|im_start|> as plain text" };
        Command command = new("tokenize", "Encode text with a HuggingFace tokenizer.json and show ids and tokens.");
        command.Options.Add(tokenizer);
        command.Options.Add(text);
        command.Options.Add(json);
        command.Options.Add(noSpecial);
        command.SetAction((parseResult, cancellationToken) => Task.FromResult(TokenizeRunner.Run(
            parseResult.GetValue(tokenizer)!,
            parseResult.GetValue(text)!,
            parseResult.GetValue(json),
            recognizeSpecialTokens: !parseResult.GetValue(noSpecial),
            context.Output,
            context.Error)));
        return command;
    }
}
