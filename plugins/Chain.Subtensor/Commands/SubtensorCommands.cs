using System.CommandLine;
using Tournament.Cli;

namespace Tournament.Plugins.Chain.Subtensor.Commands;

/// <summary>
/// The plugin's operator commands: <c>tournament chain status</c> (head, netuid, our hotkey's UID, permit, last update,
/// stake and whether weights could be set now). Deployed to the engine's <c>commands/</c> folder as well as
/// <c>plugins/</c>.
/// </summary>
public sealed class SubtensorCommands : ICommandModule
{
    /// <inheritdoc />
    public IEnumerable<Command> CreateCommands(CommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var chain = new Command("chain", "Operator views of the Subtensor chain (plugin Tournament.Chain.Subtensor).");
        chain.Subcommands.Add(ChainStatusCommand.Create(context));
        return [chain];
    }
}
