using System.CommandLine;

namespace Tournament.Engine.Cli;

/// <summary>Options shared by commands; create a fresh instance per command.</summary>
internal static class CliOptions
{
    public static Option<string> Config() => new("--config", "-c")
    {
        Required = true,
        Description = "The configuration file (JSON); TOURNAMENT_* environment variables override it.",
    };

    /// <summary>The same <c>--json</c> option plugin commands get (<see cref="Tournament.Cli.CommandContext.JsonOption"/>).</summary>
    public static Option<bool> Json() => Tournament.Cli.CommandContext.JsonOption();
}
