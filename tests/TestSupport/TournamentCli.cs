using System.Diagnostics;
using System.Globalization;

namespace Tournament.TestSupport;

/// <summary>
/// Runs the built engine (<c>src/Engine/bin/&lt;configuration&gt;/net10.0/tournament.dll</c>) with <c>dotnet</c>, as a
/// user would: output redirected, no colour, no inherited <c>TOURNAMENT_*</c> variables (a test passes its own).
/// </summary>
public static class TournamentCli
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The repository root: the folder above the test output that holds Tournament.sln.</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>The build configuration of the running tests (Debug or Release), taken from the output folder.</summary>
    public static string BuildConfiguration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    /// <summary>The engine's build output folder.</summary>
    public static string EngineFolder => Path.Combine(RepoRoot, "src", "Engine", "bin", BuildConfiguration, "net10.0");

    public static string EngineDll => Path.Combine(EngineFolder, "tournament.dll");

    public static Task<Result> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Runs to the end (killed after 3 minutes) and returns the exit code and both outputs.</summary>
    /// <param name="environment">Variables to set (a null value removes the variable).</param>
    /// <param name="args">The command line.</param>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        using var process = Start(environment, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(RunTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Result(process.ExitCode, await output, await error);
    }

    public static Process Start(params string[] args) => Start(null, args);

    /// <summary>Starts the engine with redirected output; the caller reads the streams and waits.</summary>
    public static Process Start(IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(EngineDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("TOURNAMENT_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return Process.Start(start)!;
    }

    /// <summary>Sends SIGTERM, waits for the exit and returns the exit code.</summary>
    public static async Task<int> TerminateAsync(Process process, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(process);
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync(cancellationToken);
        }

        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

    /// <summary>Kills the process tree if it still runs (test clean-up).</summary>
    public static async Task KillAsync(Process process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Tournament.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Tournament.sln was not found above the test output folder.");
    }
}
