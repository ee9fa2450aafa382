using System.CommandLine;
using Spectre.Console;
using Tournament.Cli;
using Tournament.Engine.Composition;
using Tournament.Engine.Configuration;
using Tournament.Engine.Plugins;

namespace Tournament.Engine.Cli;

/// <summary>
/// <c>tournament validate-config --config F</c>: checks the file, every mode's component names and every options
/// section against the plugins found, without creating any component. Prints OK, or every problem and exits 2.
/// </summary>
internal static class ValidateConfigCommand
{
    public static Command Create(CliContext context)
    {
        var config = CliOptions.Config();
        var command = new Command("validate-config", "Check a configuration file against the installed plugins; print OK or every problem (exit 2).")
        {
            config,
        };
        command.SetAction((parse, _) =>
        {
            var inspection = PluginInspection.Run(parse.GetRequiredValue(config), context.LoggerFactory);
            var problems = inspection.AllProblems();
            if (problems.Count > 0)
            {
                throw new ConfigurationException(problems);
            }

            var settings = inspection.Configuration.Settings;
            context.Tables.MarkupLineInterpolated(
                $"[green]OK[/]: {inspection.Configuration.ConfigPath} (active mode {settings.Mode}; modes {string.Join(", ", settings.Modes!.Keys)}; {inspection.Catalog.Plugins.Count} plugins, {inspection.Catalog.Components.Count} components)");
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
