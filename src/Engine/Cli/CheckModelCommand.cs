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
/// (an unpinned reference is pinned through the first storage backend, as <c>commit</c> does). Runs
/// every Metadata check of the active mode, then (if they all pass) downloads the model and runs every Content check,
/// exactly as a validator would, and prints each result with its reason. Behavior checks need a model run and are
/// listed as skipped. Exit 0 when every check that ran passed, 1 otherwise, 2 for a bad reference.
/// </summary>
internal static class CheckModelCommand
{
    public static Command Create(CliContext context)
    {
        var config = CliOptions.Config();
        var model = new Option<string>("--model", "-m") { Required = true, Description = "The model to check: owner/name@revision, or owner/name to pin it through the first storage backend (as commit does)." };
        var json = new Option<bool>("--json") { Description = "Print the results as JSON." };
        var command = new Command("check-model", "Run the active mode's Metadata and Content checks against a model before committing it.") { config, model, json };
        command.SetAction(async (parse, ct) =>
        {
            var host = await context.HostFactory(parse.GetRequiredValue(config), ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                var reference = await CommitFlow.ResolveAsync(host.Current.Storage, parse.GetRequiredValue(model), ct).ConfigureAwait(false);
                var results = await CheckModelRunner.RunAsync(host.Current, reference, context.Progress(parse.GetValue(json)), ct).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    context.Output.WriteLine(JsonSerializer.Serialize(results.Select(r => new
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
                    Write(context.Console, reference, results);
                }

                return results.All(r => r.Outcome is null ? r.Stage == CheckStage.Behavior : r.Outcome.IsPassed) ? ExitCodes.Ok : ExitCodes.Error;
            }
        });
        return command;
    }

    private static void Write(IAnsiConsole console, ModelRef model, IReadOnlyList<CheckModelResult> results)
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

/// <summary>One check's result; <see cref="Outcome"/> is null when it was not run.</summary>
internal sealed record CheckModelResult(string Check, CheckStage Stage, CheckOutcome? Outcome, string? SkippedBecause);

/// <summary>Runs a mode's checks against one model outside a round (throw-away ledger, nothing recorded).</summary>
internal static class CheckModelRunner
{
    public const string Hotkey = "check-model";

    public static async Task<IReadOnlyList<CheckModelResult>> RunAsync(ModeComposition mode, ModelRef model, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var results = new List<CheckModelResult>();
        var storage = mode.Storage.FirstOrDefault(s => s.Component.CanResolve(model))?.Component;
        if (storage is null)
        {
            results.Add(new("storage", CheckStage.Metadata, CheckOutcome.Disqualify(ReasonCodes.UnsupportedStorage, $"No configured storage backend serves '{model}'; configured: {string.Join(", ", mode.Storage.Select(s => s.Name))}."), null));
            return results;
        }

        var head = await mode.Chain.Component.GetHeadAsync(cancellationToken).ConfigureAwait(false);
        var round = new RoundContext(mode.Mode, head, RoundSeed.FromBlockHash(head.Hash), null, progress, new ArtifactCollector());

        // A commitment made now would land after the head: every earlier record in a real ledger would predate it.
        var submission = new Submission(Hotkey, -1, head.Number + 1, model);
        var ledger = new ThrowAwayLedger();
        var described = await storage.DescribeAsync(model, cancellationToken).ConfigureAwait(false);
        if (!described.IsOk)
        {
            results.Add(new("describe", CheckStage.Metadata, described.Match<CheckOutcome>(_ => CheckOutcome.Pass(), d => d, d => d), null));
            return results;
        }

        var description = described.AsT0;
        var metadataOk = true;
        foreach (var check in mode.Checks.Where(c => c.Component.Stage == CheckStage.Metadata))
        {
            var outcome = await check.Component.CheckAsync(new CheckContext(round, submission, description, storage, null, ledger, false), cancellationToken).ConfigureAwait(false);
            metadataOk &= outcome.IsPassed;
            results.Add(new(check.Name, CheckStage.Metadata, outcome, null));
        }

        var content = mode.Checks.Where(c => c.Component.Stage == CheckStage.Content).ToList();
        if (content.Count > 0 && !metadataOk)
        {
            results.AddRange(content.Select(c => new CheckModelResult(c.Name, CheckStage.Content, null, "a Metadata check did not pass, so the model was not downloaded")));
        }
        else if (content.Count > 0)
        {
            var fetched = await storage.FetchAsync(model, FetchRequest.All, progress, cancellationToken).ConfigureAwait(false);
            if (!fetched.IsOk)
            {
                results.Add(new("fetch", CheckStage.Content, fetched.Match<CheckOutcome>(_ => CheckOutcome.Pass(), d => d, d => d), null));
            }
            else
            {
                foreach (var check in content)
                {
                    var outcome = await check.Component.CheckAsync(new CheckContext(round, submission, description, storage, fetched.AsT0, ledger, false), cancellationToken).ConfigureAwait(false);
                    results.Add(new(check.Name, CheckStage.Content, outcome, null));
                }
            }
        }

        results.AddRange(mode.Checks.Where(c => c.Component.Stage == CheckStage.Behavior)
            .Select(c => new CheckModelResult(c.Name, CheckStage.Behavior, null, "Behavior checks need a model run; validators run them during the round")));
        return results;
    }

    private sealed class ThrowAwayLedger : IFingerprintLedger
    {
        private readonly List<FingerprintRecord> _records = [];

        public IReadOnlyList<FingerprintRecord> Find(string kind) => _records.Where(r => r.Kind == kind).ToList();

        public void Record(SubmissionKey owner, string kind, string value) => _records.Add(new FingerprintRecord(owner, kind, value));
    }
}
