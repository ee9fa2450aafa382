using Microsoft.Extensions.Time.Testing;
using Tournament.Judges.Chutes.Tests.Infrastructure;

namespace Tournament.Judges.Chutes.Tests.Judging;

public sealed class FallbackTests
{
    private static Dictionary<string, string?> WithFallback(string primary, string fallback, string mode = "Sequential", params (string, string?)[] more) =>
        Harness.Settings(primary,
        [
            ("OPENROUTER_API_KEY", Harness.FallbackKey),
            ("Fallback:Name", "openrouter"),
            ("Fallback:BaseUrl", fallback + "/api"),
            ("Fallback:Mode", mode),
            ("Fallback:Models:judge/a", "vendor/judge-a"),
            ("MaxAttempts", "1"),
            .. more,
        ]);

    [Fact]
    public async Task JudgeAsync_PrimaryFails_FallbackAnswersWithMappedModel()
    {
        await using var primary = await LoopbackServer.StartAsync((context, _) => Responses.ErrorAsync(context, 503, "no instances"));
        await using var fallback = await LoopbackServer.StartAsync((context, _) => Responses.StreamAsync(context, "from fallback"));
        using var harness = Harness.Create(WithFallback(primary.BaseUrl, fallback.BaseUrl));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("from fallback", answer.Text);
        Assert.Equal("openrouter", answer.Provider);
        Assert.Equal("vendor/judge-a", answer.Model);
        var sent = fallback.Requests.Single();
        Assert.Equal("/api/v1/chat/completions", sent.Path);
        Assert.Equal($"Bearer {Harness.FallbackKey}", sent.Authorization);
        Assert.Contains("\"model\":\"vendor/judge-a\"", sent.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JudgeAsync_JudgeFallbackModelWithColon_OverridesTheMap()
    {
        await using var primary = await LoopbackServer.StartAsync((context, _) => Responses.ErrorAsync(context, 404, "gone"));
        await using var fallback = await LoopbackServer.StartAsync((context, _) => Responses.StreamAsync(context, "ok"));
        using var harness = Harness.Create(WithFallback(primary.BaseUrl, fallback.BaseUrl, "Sequential", ("Judges:0:FallbackModel", "vendor/judge-a:free")));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("vendor/judge-a:free", answer.Model);
        Assert.Contains("\"model\":\"vendor/judge-a:free\"", fallback.Requests.Single().Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JudgeAsync_BothFail_ReportsBothReasonsAndTheFallbackAsProvider()
    {
        await using var primary = await LoopbackServer.StartAsync((context, _) => Responses.ErrorAsync(context, 500, "primary down"));
        await using var fallback = await LoopbackServer.StartAsync((context, _) => Responses.ErrorAsync(context, 502, "fallback down"));
        using var harness = Harness.Create(WithFallback(primary.BaseUrl, fallback.BaseUrl));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal("Both providers failed. chutes answered HTTP 500: primary down. Fallback: openrouter answered HTTP 502: fallback down.", failure.Reason);
        Assert.Equal("openrouter", failure.Provider);
        Assert.True(failure.Retryable);
    }

    [Fact]
    public async Task JudgeAsync_RaceWithHangingPrimary_FallbackWinsAndPrimaryIsCancelled()
    {
        var primaryReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var primaryCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var primary = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.RequestAborted.Register(() => primaryCancelled.TrySetResult());
            primaryReceived.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        await using var fallback = await LoopbackServer.StartAsync(async (context, _) =>
        {
            // Answer only once the primary is really in flight, so the race has a loser to cancel.
            await primaryReceived.Task.WaitAsync(context.RequestAborted);
            await Responses.StreamAsync(context, "fast");
        });
        using var harness = Harness.Create(WithFallback(primary.BaseUrl, fallback.BaseUrl, "Race"));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("openrouter", answer.Provider);
        await primaryCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, primary.Count);
    }

    [Fact]
    public async Task JudgeAsync_RaceWhereFallbackFails_PrimaryAnswer()
    {
        await using var primary = await LoopbackServer.StartAsync(async (context, _) =>
        {
            await Task.Delay(50, context.RequestAborted);
            await Responses.StreamAsync(context, "primary");
        });
        await using var fallback = await LoopbackServer.StartAsync((context, _) => Responses.ErrorAsync(context, 400, "unknown model"));
        using var harness = Harness.Create(WithFallback(primary.BaseUrl, fallback.BaseUrl, "Race"));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("chutes", answer.Provider);
        Assert.Equal("primary", answer.Text);
    }

    [Fact]
    public async Task JudgeAsync_ConsecutiveFailures_OpenCircuitThenProbeClosesIt()
    {
        var primaryHealthy = false;
        await using var primary = await LoopbackServer.StartAsync((context, _) =>
            Volatile.Read(ref primaryHealthy) ? Responses.StreamAsync(context, "primary") : Responses.ErrorAsync(context, 500, "down"));
        await using var fallback = await LoopbackServer.StartAsync((context, _) => Responses.StreamAsync(context, "fallback"));
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-23T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var harness = Harness.Create(
            WithFallback(primary.BaseUrl, fallback.BaseUrl, "Sequential", ("CircuitBreaker:FailureThreshold", "2"), ("CircuitBreaker:BreakDuration", "00:01:00")),
            time);
        var judge = harness.Judge();

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal("openrouter", (await judge.JudgeAsync(Calls.Request(), CancellationToken.None)).Answer().Provider);
        }

        Assert.Equal(2, primary.Count);

        // Open: the primary is not asked at all.
        Assert.Equal("openrouter", (await judge.JudgeAsync(Calls.Request(), CancellationToken.None)).Answer().Provider);
        Assert.Equal(2, primary.Count);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("is now Open", StringComparison.Ordinal));

        // After the break one call probes the primary; it is healthy again, so the circuit closes.
        Volatile.Write(ref primaryHealthy, true);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("chutes", (await judge.JudgeAsync(Calls.Request(), CancellationToken.None)).Answer().Provider);
        Assert.Equal("chutes", (await judge.JudgeAsync(Calls.Request(), CancellationToken.None)).Answer().Provider);
        Assert.Equal(4, primary.Count);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("is now Closed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JudgeAsync_FailedProbe_ReopensCircuit()
    {
        await using var primary = await LoopbackServer.StartAsync((context, _) => Responses.ErrorAsync(context, 500, "down"));
        await using var fallback = await LoopbackServer.StartAsync((context, _) => Responses.StreamAsync(context, "fallback"));
        var time = new FakeTimeProvider();
        using var harness = Harness.Create(
            WithFallback(primary.BaseUrl, fallback.BaseUrl, "Sequential", ("CircuitBreaker:FailureThreshold", "1"), ("CircuitBreaker:BreakDuration", "00:01:00")),
            time);
        var judge = harness.Judge();

        await judge.JudgeAsync(Calls.Request(), CancellationToken.None);
        time.Advance(TimeSpan.FromMinutes(1));
        await judge.JudgeAsync(Calls.Request(), CancellationToken.None); // the probe, which fails
        await judge.JudgeAsync(Calls.Request(), CancellationToken.None); // open again: fallback only

        Assert.Equal(2, primary.Count);
        Assert.Equal(3, fallback.Count);
    }
}
