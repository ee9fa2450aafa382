using System.Diagnostics;
using System.Text;
using Tournament.Engine.Rounds;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Cli;

/// <summary>
/// Issue 16, item 7, across real processes: while this test process holds the (state, mode) round lock, a second
/// process (the built <c>tournament</c> executable) running <c>round</c> is refused naming this process (exit 2), and
/// with <c>--wait</c> queues behind it and commits its round once the lock is released.
/// </summary>
public sealed class RoundLockProcessTests : IDisposable
{
    private readonly SampleCopy _sample = new();

    public void Dispose() => _sample.Dispose();

    [Fact]
    public async Task SecondProcess_IsRefusedNamingTheHolder_Exit2()
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);
        using var held = await RoundLock.AcquireAsync(LockPath(), wait: false, TimeProvider.System, default);

        var second = await TournamentCli.RunAsync("round", "--config", config);

        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"Another process (PID {Environment.ProcessId}) is running a round on this state and mode", second.StandardError, StringComparison.Ordinal);
        Assert.Contains("--wait", second.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Weights:", second.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondProcessWithWait_ProceedsOnceTheHolderReleases()
    {
        var config = _sample.WriteConfig(blockTimeSeconds: 1);
        Assert.Equal(0, (await TournamentCli.RunAsync("commit", "--config", config, "--hotkey", "alice", "--model", "alice/bigram-fine")).ExitCode);
        var held = await RoundLock.AcquireAsync(LockPath(), wait: false, TimeProvider.System, default);
        using var second = TournamentCli.Start("round", "--config", config, "--wait");
        var output = new StringBuilder();
        second.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }
        };
        second.BeginOutputReadLine();
        second.BeginErrorReadLine();

        try
        {
            // While the lock is held the second process must not finish (a refusal exits 2 within this time).
            await Task.WhenAny(second.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(5)));
            Assert.False(second.HasExited, "The waiting process exited while the lock was held.");
            held.Dispose();

            await second.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));
            Assert.Equal(0, second.ExitCode);
        }
        finally
        {
            held.Dispose();
            if (!second.HasExited)
            {
                second.Kill(entireProcessTree: true);
            }
        }

        lock (output)
        {
            Assert.Contains("Weights:", output.ToString(), StringComparison.Ordinal);
        }
    }

    private string LockPath() => RoundLock.PathFor(Path.Combine(_sample.Root, ".tournament"), "sqlite", "example");
}
