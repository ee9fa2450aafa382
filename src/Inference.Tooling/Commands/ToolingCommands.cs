using System.CommandLine;
using Tournament.Cli;

namespace Tournament.Inference.Tooling.Commands;

/// <summary>The tooling's command module: <c>tournament models …</c>, <c>tournament tokenize</c> and <c>tournament chat-template</c>.</summary>
public sealed class ToolingCommands : ICommandModule
{
    /// <inheritdoc />
    public IEnumerable<Command> CreateCommands(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [TokenizeCommand.Create(context), ChatTemplateCommand.Create(context), ModelsCommands.Create(context)];
    }
}
