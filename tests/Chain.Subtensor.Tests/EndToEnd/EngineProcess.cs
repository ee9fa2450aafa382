using System.Diagnostics;

namespace Tournament.Chain.Subtensor.Tests.EndToEnd;

/// <summary>
/// The built engine (<c>src/Engine/bin/&lt;configuration&gt;/net10.0/tournament.dll</c>) run with <c>dotnet</c> as an
/// operator would, with a plugins folder holding the example mode and this build of the Subtensor plugin.
/// </summary>
internal static class EngineProcess
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError);

    private static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Builds <paramref name="folder"/>: the example mode's deployed plugin and the Subtensor plugin's build output.</summary>
    public static void WritePlugins(string folder)
    {
        Copy(Path.Combine(RepoRoot, "src", "Engine", "bin", Configuration, "net10.0", "plugins", "Tournament.Samples.Example"), Path.Combine(folder, "Tournament.Samples.Example"));
        Copy(Path.Combine(RepoRoot, "plugins", "Chain.Subtensor", "bin", Configuration, "net10.0"), Path.Combine(folder, "Tournament.Chain.Subtensor"));
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepoRoot, "src", "Engine", "bin", Configuration, "net10.0", "tournament.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["NO_COLOR"] = "1";
        foreach (string key in start.Environment.Keys.Where(k => k.StartsWith("TOURNAMENT_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
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

    private static void Copy(string source, string target)
    {
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"{source} is missing; build the test project (it builds the engine and the example plugin).");
        }

        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            string to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to, overwrite: true);
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
