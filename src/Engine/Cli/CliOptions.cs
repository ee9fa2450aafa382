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

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write the result as JSON on standard output (logs go to standard error).",
    };
}
