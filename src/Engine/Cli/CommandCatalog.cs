using System.CommandLine;

namespace Tournament.Engine.Cli;

/// <summary>Every command of the <c>tournament</c> executable. Adding a command group is one line here.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliContext context) =>
    [
        PluginsCommand.Create(context),
        ValidateConfigCommand.Create(context),
        CheckModelCommand.Create(context),
        TokenizeCommand.Create(),
        ModelsCommands.Create(),
        .. RoundCommands.Create(context.HostFactory, context.Progress),
        Serve.ServeCommand.Create(context),
    ];
}
