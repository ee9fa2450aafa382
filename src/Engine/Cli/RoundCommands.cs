using System.CommandLine;
using Microsoft.Extensions.Logging;
using Spectre.Console;
using Tournament.Abstractions;
using Tournament.Cli;
using Tournament.Engine.Composition;
using Tournament.Engine.Common;
using Tournament.Engine.Rounds;
using Tournament.Engine.Telemetry;

namespace Tournament.Engine.Cli;

/// <summary>The round commands: <c>round</c>, <c>run</c>, <c>commit</c> and <c>standings</c> (see docs/cli-rounds.md).</summary>
internal static class RoundCommands
{
    /// <summary>Creates the commands over the CLI's console, host factory and progress display.</summary>
    public static IEnumerable<Command> Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [Round(context), Run(context), Commit(context), StandingsCommand(context)];
    }

    private static Option<string> ConfigOption() => CliOptions.Config();

    private static Option<bool> JsonOption() => CliOptions.Json();

    private static Option<bool> WaitOption() => new("--wait") { Description = "When another process runs rounds on this state and mode, wait for it instead of exiting (exit 2)." };

    /// <summary>The (state, mode) round lock, held for the command's rounds (see docs/rounds.md).</summary>
    private static Task<RoundLock> LockAsync(IEngineHost host, bool wait, CancellationToken cancellationToken)
    {
        var environment = host.Services.GetService(typeof(HostEnvironment)) as HostEnvironment
            ?? throw new InvalidOperationException("The engine host has no HostEnvironment.");
        var composition = host.Current;
        return RoundLock.AcquireAsync(RoundLock.PathFor(environment.DataDirectory, composition.State.Name, composition.Mode), wait, host.Time, cancellationToken);
    }

    private static Command Round(CliContext context)
    {
        var config = ConfigOption();
        var json = JsonOption();
        var jsonOut = new Option<FileInfo?>("--json-out") { Description = "Also write the round's result as JSON to this file (the tables are still printed)." };
        var wait = WaitOption();
        var command = new Command("round", "Run one round at the chain's head and print its outcome.") { config, json, jsonOut, wait };
        command.SetAction(async (parse, ct) =>
        {
            var host = await context.HostFactory(parse.GetRequiredValue(config), ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                using var exclusive = await LockAsync(host, parse.GetValue(wait), ct).ConfigureAwait(false);
                var runner = new RoundRunner(host.LoggerFactory.CreateLogger<RoundRunner>(), host.Time);
                var result = await runner.RunAsync(host.Current, context.Progress(parse.GetValue(json)), ct).ConfigureAwait(false);
                context.Write(parse.GetValue(json), result, RoundOutput.ToJson, RoundOutput.WriteRound);
                if (parse.GetValue(jsonOut) is { } file)
                {
                    WriteFile(file, RoundOutput.ToJson(result));
                }
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private static Command Run(CliContext context)
    {
        var config = ConfigOption();
        var maxRounds = NumberOptions.Whole("--max-rounds", "Stop after this many new rounds (default: until Ctrl-C).", 1, int.MaxValue);
        var interval = NumberOptions.Finite("--interval-seconds", "Seconds between polls of the chain head.", 0.01, 86_400, 12);
        var wait = WaitOption();
        var metricsUrls = new Option<string[]>("--metrics-urls")
        {
            Description = "Also serve this process's live metrics at <url>/metrics in Prometheus format (default: off), e.g. http://127.0.0.1:9464; port 0 picks a free port.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("run", "Run rounds until Ctrl-C: one per new block, reloading changed plugins between rounds.") { config, maxRounds, interval, wait, metricsUrls };
        command.SetAction(async (parse, ct) =>
        {
            var listen = parse.GetValue(metricsUrls) is { Length: > 0 } given ? ListenUrls.Parse(given, "--metrics-urls") : null;
            var host = await context.HostFactory(parse.GetRequiredValue(config), ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                var console = context.Tables;
                using var exclusive = await LockAsync(host, parse.GetValue(wait), ct).ConfigureAwait(false);
                var metrics = listen is null ? null : await StartMetricsAsync(host, listen, context.Console.Output, ct).ConfigureAwait(false);
                try
                {
                    var runner = new RoundRunner(host.LoggerFactory.CreateLogger<RoundRunner>(), host.Time);
                    var loop = new RoundLoop(host, runner, context.Progress(false), host.LoggerFactory.CreateLogger<RoundLoop>());
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, metrics?.Stopping ?? CancellationToken.None);
                    var stats = await loop.RunAsync(parse.GetValue(maxRounds), TimeSpan.FromSeconds(parse.GetValue(interval)), r => RoundOutput.WriteRound(console, r), stop.Token).ConfigureAwait(false);
                    console.MarkupLine($"[grey]{stats.Committed} round(s) committed, {stats.Failed} failed.[/]");
                    return ExitCodes.Ok;
                }
                finally
                {
                    if (metrics is not null)
                    {
                        await metrics.DisposeAsync().ConfigureAwait(false);
                    }
                }
            }
        });
        return command;
    }

    /// <summary>Starts the <c>--metrics-urls</c> listener and prints its addresses (<c>Metrics at &lt;url&gt;/metrics</c>).</summary>
    private static async Task<MetricsServer> StartMetricsAsync(IEngineHost host, IReadOnlyList<string> urls, TextWriter output, CancellationToken ct)
    {
        var metrics = host.Services.GetService(typeof(EngineMetrics)) as EngineMetrics
            ?? throw new InvalidOperationException("The engine host has no EngineMetrics.");
        var server = await MetricsServer.StartAsync(metrics, urls, host.LoggerFactory.CreateLogger<MetricsServer>(), ct).ConfigureAwait(false);
        foreach (var url in server.Urls)
        {
            await output.WriteLineAsync($"Metrics at {url.TrimEnd('/')}/metrics").ConfigureAwait(false);
        }

        await output.FlushAsync(ct).ConfigureAwait(false);
        return server;
    }

    private static Command Commit(CliContext context)
    {
        var config = ConfigOption();
        var hotkey = new Option<string>("--hotkey") { Required = true, Description = "The miner's hotkey." };
        var model = new Option<string>("--model") { Required = true, Description = "owner/name@revision, or owner/name to pin its current state through the first storage backend." };
        var json = JsonOption();
        var force = new Option<bool>("--force") { Description = "Publish even though the hotkey already has a different commitment (which is the one that counts)." };
        var command = new Command("commit", "Publish a miner's commitment for a model (the miner's side).") { config, hotkey, model, json, force };
        command.SetAction(async (parse, ct) =>
        {
            var host = await context.HostFactory(parse.GetRequiredValue(config), ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                var committed = await CommitFlow.CommitAsync(host.Current, parse.GetRequiredValue(hotkey), parse.GetRequiredValue(model), parse.GetValue(force), ct).ConfigureAwait(false);
                context.Write(parse.GetValue(json), committed, RoundOutput.ToJson, RoundOutput.WriteCommit);
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private static Command StandingsCommand(CliContext context)
    {
        var config = ConfigOption();
        var json = JsonOption();
        var command = new Command("standings", "Print the committed standings, king and last round (reads the state only).") { config, json };
        command.SetAction(async (parse, ct) =>
        {
            var host = await context.HostFactory(parse.GetRequiredValue(config), ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                var view = await StandingsView.LoadAsync(host.Current, ct).ConfigureAwait(false);
                context.Write(parse.GetValue(json), view, RoundOutput.ToJson, RoundOutput.WriteStandings);
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    /// <summary>Writes next to the target and moves into place, so a reader never sees half a file.</summary>
    private static void WriteFile(FileInfo file, string text)
    {
        try
        {
            if (file.DirectoryName is { } dir)
            {
                Directory.CreateDirectory(dir);
            }

            var temp = file.FullName + ".tmp";
            File.WriteAllText(temp, text + Environment.NewLine);
            File.Move(temp, file.FullName, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"The round committed, but its JSON could not be written to '{file.FullName}': {ex.Message}");
        }
    }
}
