using Microsoft.Extensions.Time.Testing;
using Tournament.Cli;
using Tournament.Engine.Rounds;
using Tournament.Engine.Tests.Support;

namespace Tournament.Engine.Tests.Rounds;

/// <summary>Issue 16, item 7: one process at a time runs rounds on a (state, mode).</summary>
public sealed class RoundLockTests : IDisposable
{
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task SecondRoundOnTheSameStateAndMode_IsRefusedNamingTheHolder()
    {
        var path = RoundLock.PathFor(_workspace.DataDirectory, "sqlite", "distil");
        using var first = await RoundLock.AcquireAsync(path, wait: false, TimeProvider.System, default);

        var refused = await Assert.ThrowsAsync<UserInputException>(() => RoundLock.AcquireAsync(path, wait: false, TimeProvider.System, default));

        Assert.Contains($"PID {Environment.ProcessId}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("--wait", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherModeOrState_IsNotBlocked()
    {
        using var first = await RoundLock.AcquireAsync(RoundLock.PathFor(_workspace.DataDirectory, "sqlite", "distil"), wait: false, TimeProvider.System, default);
        using var otherMode = await RoundLock.AcquireAsync(RoundLock.PathFor(_workspace.DataDirectory, "sqlite", "example"), wait: false, TimeProvider.System, default);
        using var otherState = await RoundLock.AcquireAsync(RoundLock.PathFor(_workspace.DataDirectory, "other", "distil"), wait: false, TimeProvider.System, default);

        Assert.NotEqual(first.Path, otherMode.Path);
        Assert.NotEqual(first.Path, otherState.Path);
    }

    [Fact]
    public async Task Wait_TakesTheLockOnceTheHolderReleasesIt()
    {
        var path = RoundLock.PathFor(_workspace.DataDirectory, "sqlite", "distil");
        var time = new FakeTimeProvider();
        var first = await RoundLock.AcquireAsync(path, wait: false, time, default);
        var waiting = RoundLock.AcquireAsync(path, wait: true, time, default);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);

        first.Dispose();
        while (!waiting.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Yield();
        }

        using var second = await waiting;
        Assert.Equal(path, second.Path);
    }
}
