using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Tournament.Cli;
using Tournament.Engine.Cli;
using Tournament.Engine.Common;
using Tournament.Engine.Composition;
using Tournament.Engine.State;
using Tournament.Engine.Storage;

namespace Tournament.Engine.Serve;

/// <summary><c>tournament serve</c>: the read-only API, leaderboard page and metrics over the committed state (docs/serve.md).</summary>
internal static partial class ServeCommand
{
    public static Command Create(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var config = CliOptions.Config();
        var urls = new Option<string[]>("--urls")
        {
            Description = $"Where to listen (default {ServeSettings.DefaultUrl}, loopback only); port 0 picks a free port.",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("serve", "Serve the committed state read-only: JSON API with OpenAPI, leaderboard page, /metrics. Runs beside 'run'.") { config, urls };
        command.SetAction(async (parse, ct) =>
        {
            var addresses = ParseUrls(parse.GetValue(urls));
            var host = await context.HostFactory(parse.GetRequiredValue(config), ct).ConfigureAwait(false);
            await using (host.ConfigureAwait(false))
            {
                var settings = SettingsFor(host, addresses);
                return await RunAsync(settings, context.Console, host.LoggerFactory.CreateLogger("Tournament.Engine.Serve"), ct).ConfigureAwait(false);
            }
        });
        return command;
    }

    /// <summary>What to serve for a started engine host: its state file, mode, chain and local artifacts folder.</summary>
    public static ServeSettings SettingsFor(IEngineHost host, IReadOnlyList<string> urls)
    {
        ArgumentNullException.ThrowIfNull(host);
        var composition = host.Current;
        var store = composition.State.Component as SqliteStateStore
            ?? throw new UserInputException($"serve reads the 'sqlite' state store; the configured state store is '{composition.State.Name}'.");
        return new ServeSettings
        {
            StatePath = store.Path,
            ActiveMode = composition.Mode,
            Chain = composition.Chain.Component,
            ArtifactsRoot = (composition.Artifacts?.Component as LocalStorage)?.ArtifactsRoot,
            Urls = urls,
            LoggerFactory = host.LoggerFactory,
            Time = host.Time,
        };
    }

    /// <summary>Serves until cancelled (Ctrl-C), then stops cleanly; prints the bound addresses first.</summary>
    public static async Task<int> RunAsync(ServeSettings settings, CliConsole console, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(console);
        var output = console.Output;
        var app = ServeApp.Build(settings);
        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new UserInputException($"Cannot listen on {string.Join(", ", settings.Urls)}: {ex.Message}", ex);
            }

            foreach (var url in app.Urls)
            {
                await output.WriteLineAsync($"Serving {url} (mode {settings.ActiveMode}, state {settings.StatePath}); Ctrl-C stops.").ConfigureAwait(false);
                if (!ListenUrls.IsLoopback(url))
                {
                    LogPublic(logger, url);
                }
            }

            await output.FlushAsync(ct).ConfigureAwait(false);
            // Ctrl-C or SIGTERM reaches either System.CommandLine (ct) or the web host's console lifetime (stopping).
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, app.Lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }
    }

    private static string[] ParseUrls(string[]? given) =>
        given is null || given.Length == 0 ? [ServeSettings.DefaultUrl] : ListenUrls.Parse(given, "--urls");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listening on {Url}, which is not loopback: the API and page are readable by anyone who can reach it.")]
    private static partial void LogPublic(ILogger logger, string url);
}
