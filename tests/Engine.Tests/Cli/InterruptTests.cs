using System.Diagnostics;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Cli;

/// <summary>Issue 16, item 5: Ctrl-C (SIGINT) on <c>run</c> stops cleanly and prints the documented summary line.</summary>
public sealed class InterruptTests : IDisposable
{
    private readonly SampleCopy _sample = new();

    public void Dispose() => _sample.Dispose();

    [Fact]
    public async Task SigintOnRun_PrintsTheSummaryLine()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return; // SIGINT is a POSIX signal; Windows has no kill -INT.
        }

        var config = _sample.WriteConfig(blockTimeSeconds: 1);
        Assert.Equal(0, (await TournamentCli.RunAsync("commit", "--config", config, "--hotkey", "alice", "--model", "alice/bigram-fine")).ExitCode);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[FixturePlugins.EngineDll, "run", "--config", config, "--interval-seconds", "0.2"])
        {
            start.ArgumentList.Add(arg);
        }

        using var run = Process.Start(start)!;
        var stdout = new System.Text.StringBuilder();
        var firstRound = new TaskCompletionSource();
        run.OutputDataReceived += (_, e) =>
        {
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
            }

            if (e.Data?.Contains("Weights:", StringComparison.Ordinal) == true)
            {
                firstRound.TrySetResult();
            }
        };
        run.BeginOutputReadLine();
        run.BeginErrorReadLine();
        await firstRound.Task.WaitAsync(TimeSpan.FromMinutes(2));

        using (var kill = Process.Start("kill", ["-INT", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await run.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(0, run.ExitCode);
        lock (stdout)
        {
            Assert.Matches(@"\d+ round\(s\) committed, \d+ failed\.", stdout.ToString());
        }
    }
}
