using System.CommandLine;
using Spectre.Console;
using Tournament.Cli;
using Tournament.Engine.Composition;
using Tournament.Engine.Console;
using Tournament.Engine.Plugins;

namespace Tournament.Engine.Cli;

/// <summary><c>tournament plugins --config F [--json]</c>: the plugins found, their versions, components and load errors.</summary>
internal static class PluginsCommand
{
    public static Command Create(CliContext context)
    {
        var config = CliOptions.Config();
        var json = CliOptions.Json();
        var command = new Command("plugins", "List plugins, their versions and components, and plugins that failed to load (exit 2 if any failed).")
        {
            config,
            json,
        };
        command.SetAction((parse, _) =>
        {
            var inspection = PluginInspection.Run(parse.GetRequiredValue(config), context.LoggerFactory);
            var problems = inspection.FolderProblems.Concat(inspection.Catalog.Problems).ToList();
            if (parse.GetValue(json))
            {
                context.Console.WriteResult(JsonOutput.Serialize(ToJson(inspection, problems)));
            }
            else
            {
                Render(context.Tables, inspection);
                foreach (var problem in problems)
                {
                    context.Console.WriteProblem(problem.ToString());
                }
            }

            var failed = problems.Count > 0 || inspection.Catalog.FailedPlugins.Any();
            return Task.FromResult(failed ? ExitCodes.InvalidInput : ExitCodes.Ok);
        });
        return command;
    }

    private static object ToJson(PluginInspection inspection, IEnumerable<Configuration.ConfigurationProblem> problems) => new
    {
        configPath = inspection.Configuration.ConfigPath,
        pluginsPath = inspection.Configuration.PluginsPath,
        plugins = inspection.Catalog.Plugins.Select(p => new
        {
            name = p.Name,
            version = p.Version,
            path = p.Path,
            loaded = p.Error is null,
            error = p.Error,
            components = p.Components.Select(c => new
            {
                contract = c.ContractName,
                name = c.Name,
                description = c.Description,
                type = c.TypeName,
                options = c.OptionsType?.FullName,
            }),
        }),
        problems = problems.Select(p => new { path = p.Path, message = p.Message }),
    };

    private static void Render(IAnsiConsole console, PluginInspection inspection)
    {
        console.MarkupLineInterpolated($"Plugins folder: [bold]{inspection.Configuration.PluginsPath}[/]");
        foreach (var plugin in inspection.Catalog.Plugins)
        {
            console.WriteLine();
            console.MarkupLineInterpolated($"[bold]{plugin.Name}[/] {plugin.Version ?? "-"}");
            console.MarkupLineInterpolated($"  [grey]{plugin.Path}[/]");
            if (plugin.Error is not null)
            {
                console.MarkupLineInterpolated($"  [red]failed to load: {plugin.Error}[/]");
                continue;
            }

            if (plugin.Components.Count == 0)
            {
                console.MarkupLine("  [grey]no components[/]");
                continue;
            }

            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumn("Contract");
            table.AddColumn("Component");
            table.AddColumn("Description");
            foreach (var component in plugin.Components.OrderBy(c => c.ContractName, StringComparer.Ordinal).ThenBy(c => c.Name, StringComparer.Ordinal))
            {
                table.AddRow(Markup.Escape(component.ContractName), Markup.Escape(component.Name), Markup.Escape(component.Description ?? ""));
            }

            console.Write(new Padder(table).Padding(2, 0, 0, 0));
        }
    }
}
