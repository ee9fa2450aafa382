using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using Tournament.Abstractions;
using Tournament.Cli;
using Tournament.Engine.Composition;
using Tournament.Engine.Rounds;

namespace Tournament.Engine.Cli;

/// <summary>
/// <c>tournament check-model --config F --model owner/name[@revision] [--json]</c>: the miner's pre-submission check
/// (an unpinned reference is pinned through the first storage backend, as <c>commit</c> does). Runs the round's own
/// <see cref="CandidatePipeline"/> (Metadata checks, download, Content and Behavior checks, stopping where the round
/// stops) against the state's fingerprints, and prints each step with its reason. Exit 0 when the round would accept
/// the model, 1 when it would disqualify or defer it, 2 for a bad reference.
/// </summary>
internal static class CheckModelCommand
{
    public static Command Create(CliContext context)
    {
        var config = CliOptions.Config();
        var model = new Option<string>("--model", "-m") { Required = true, Description = "The model to check: owner/name@revision, or owner/name to pin it through the first storage backend (as commit does)." };
        var json = CliOptions.Json();
        var command = new Command("check-model", "Run the active mode's checks against a model before committing it, exactly as a round would.") { config, model, json };
        command.SetAction(async (parse, ct) =>
        {
            var host = await context.HostFactory(parse.GetRequiredValue(config), ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                var reference = await CommitFlow.ResolveAsync(host.Current.Storage, parse.GetRequiredValue(model), ct).ConfigureAwait(false);
                var (outcome, results) = await CheckModelRunner.RunAsync(host.Current, reference, context.Progress(parse.GetValue(json)), ct).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    context.Console.WriteResult(JsonSerializer.Serialize(results.Select(r => new
                    {
                        check = r.Check,
                        stage = r.Stage.ToString(),
                        result = r.Outcome is null ? "skipped" : r.Outcome.Match(_ => "passed", _ => "disqualified", _ => "deferred"),
                        reasonCode = r.Outcome?.Match(_ => null, d => d.ReasonCode, _ => (string?)null),
                        message = r.Outcome?.Match(p => p.Note, d => d.Message, d => d.Reason) ?? r.SkippedBecause,
                    })));
                }
                else
                {
                    Write(context.Tables, reference, results);
                }

                return outcome.IsEligible ? ExitCodes.Ok : ExitCodes.Error;
            }
        });
        return command;
    }

    private static void Write(IAnsiConsole console, ModelRef model, IReadOnlyList<CheckStep> results)
    {
        var table = new Table().AddColumns("check", "stage", "result", "reason");
        foreach (var r in results)
        {
            var (result, reason) = r.Outcome is null
                ? ("[grey]skipped[/]", r.SkippedBecause ?? "")
                : r.Outcome.Match(p => ("[green]passed[/]", p.Note ?? ""), d => ("[red]disqualified[/]", $"[{d.ReasonCode}] {d.Message}"), d => ("[yellow]deferred[/]", d.Reason));
            table.AddRow(Markup.Escape(r.Check), r.Stage.ToString(), result, Markup.Escape(reason));
        }

        console.MarkupLineInterpolated($"Checks of {model}:");
        console.Write(table);
    }
}
