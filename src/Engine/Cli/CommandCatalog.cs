using System.CommandLine;
using Tournament.Cli;

namespace Tournament.Engine.Cli;

/// <summary>
/// Every command of the <c>tournament</c> executable: the host's own, then those of the command modules
/// (<see cref="CommandModules"/>). Modules are loaded only when the verb is not one of the host's (or for help), so
/// the host's commands never pay for them.
/// </summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create(CliContext context, IReadOnlyList<string> args, string modulesFolder)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(args);
        List<Command> own =
        [
            PluginsCommand.Create(context),
            ValidateConfigCommand.Create(context),
            CheckModelCommand.Create(context),
            .. RoundCommands.Create(context),
            Serve.ServeCommand.Create(context),
        ];
        if (args.Count > 0 && own.Any(c => c.Name == args[0]))
        {
            return own;
        }

        var taken = own.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var command in CommandModules.Create(modulesFolder, context.Commands))
        {
            if (taken.Add(command.Name))
            {
                own.Add(command);
            }
            else
            {
                context.Console.WriteWarning($"a command module adds the command '{command.Name}', which already exists; the first one is kept.");
            }
        }

        return own;
    }
}
