using System.CommandLine;
using Tournament.Cli;

namespace Tournament.Inference.Tooling.Commands;

/// <summary>The tooling's command module: <c>tournament models …</c> and <c>tournament tokenize</c>.</summary>
public sealed class ToolingCommands : ICommandModule
{
    /// <inheritdoc />
    public IEnumerable<Command> CreateCommands(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [TokenizeCommand.Create(context), ModelsCommands.Create(context)];
    }
}
