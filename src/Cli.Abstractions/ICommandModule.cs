using System.CommandLine;

namespace Tournament.Cli;

/// <summary>
/// A plugin type that adds <c>tournament &lt;verb&gt; …</c> commands. The host creates it with its public parameterless
/// constructor, once per process, before parsing the command line; it must not do work there. See
/// docs/writing-a-plugin.md ("Commands").
/// </summary>
public interface ICommandModule
{
    /// <summary>The commands to add to the root command (names must not clash with the host's or another module's).</summary>
    /// <param name="context">Output writers, verbosity and logging shared with the host's own commands.</param>
    IEnumerable<Command> CreateCommands(CommandContext context);
}
