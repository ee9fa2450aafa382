using System.CommandLine;
using Tournament.Cli;

namespace Tournament.Plugins.AlbedoDuel.Commands;

/// <summary>The plugin's command module: <c>tournament duel …</c> (docs/albedo-mode.md, "Commands").</summary>
public sealed class DuelCommands : ICommandModule
{
    /// <summary>The verbs of the <c>duel</c> group: adding one is adding its factory here.</summary>
    private static readonly Func<CommandContext, Command>[] Verbs =
    [
        InspectReplyCommand.Create,
        VerifyCommand.Create,
    ];

    /// <inheritdoc />
    public IEnumerable<Command> CreateCommands(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Command duel = new("duel", "Albedo duel tools: inspect how a reply is screened before the judges; verify a verdict from its traces.");
        foreach (var verb in Verbs)
        {
            duel.Subcommands.Add(verb(context));
        }

        return [duel];
    }
}
