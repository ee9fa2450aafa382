using Microsoft.AspNetCore.Http;
using Tournament.Judges.Chutes.Tests.Infrastructure;

namespace Tournament.Judges.Chutes.Tests.Client;

public sealed class RetryTests
{
    [Fact]
    public async Task JudgeAsync_429WithRetryAfterSeconds_WaitsTheCappedDelayAndDoesNotCountAsFailure()
    {
        await using var server = await LoopbackServer.StartAsync((context, index) =>
        {
            if (index < 2)
            {
                context.Response.Headers.RetryAfter = "30";
                return Responses.ErrorAsync(context, 429, "slow down");
            }

            return Responses.StreamAsync(context, "ok");
        });
        // One attempt only: the two throttles must not use it up. MaxDelay 50 ms caps the 30 s the server asks.
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxAttempts", "1"), ("BaseDelay", "00:00:00.020"), ("MaxDelay", "00:00:00.050")));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("ok", answer.Text);
        Assert.Equal(3, server.Count);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("throttled", StringComparison.Ordinal) && line.Contains("Retry 1 in 50 ms", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Lines, line => line.Contains("Retry 2 in 50 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JudgeAsync_429WithRetryAfterOneSecond_WaitsExactlyWhatTheProviderAsked()
    {
        await using var server = await LoopbackServer.StartAsync((context, index) =>
        {
            if (index == 0)
            {
                context.Response.Headers.RetryAfter = "1";
                return Responses.ErrorAsync(context, 429, "slow down");
            }

            return Responses.StreamAsync(context, "ok");
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxDelay", "00:01:00")));

        (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Contains(harness.Logs.Lines, line => line.Contains("chutes answered HTTP 429: slow down. Retry 1 in 1000 ms.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JudgeAsync_OversizedErrorBody_IsNotReadBeyondTheLimit()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            Responses.JsonAsync(context, 503, "{\"error\":{\"message\":\"" + new string('x', 1 << 20) + "\"}}"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxAttempts", "1")));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal("chutes answered HTTP 503: an oversized error body.", failure.Reason);
    }

    [Fact]
    public async Task JudgeAsync_429WithRetryAfterZero_RetriesAtOnceInsteadOfBackingOff()
    {
        await using var server = await LoopbackServer.StartAsync((context, index) =>
        {
            if (index == 0)
            {
                context.Response.Headers.RetryAfter = "0";
                return Responses.ErrorAsync(context, 429, "slow down");
            }

            return Responses.StreamAsync(context, "ok");
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("BaseDelay", "00:00:00.020"), ("MaxDelay", "00:00:00.050")));

        (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Contains(harness.Logs.Lines, line => line.Contains("Retry 1 in 0 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JudgeAsync_429WithRetryAfterHttpDateInThePast_RetriesAtOnce()
    {
        await using var server = await LoopbackServer.StartAsync((context, index) =>
        {
            if (index == 0)
            {
                context.Response.Headers.RetryAfter = "Wed, 21 Oct 2015 07:28:00 GMT";
                return Responses.ErrorAsync(context, 429, "slow down");
            }

            return Responses.StreamAsync(context, "ok");
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("BaseDelay", "00:00:00.020"), ("MaxDelay", "00:00:00.050")));

        (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Contains(harness.Logs.Lines, line => line.Contains("Retry 1 in 0 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JudgeAsync_429WithoutRetryAfter_BacksOffAndNeverCountsAsFailure()
    {
        await using var server = await LoopbackServer.StartAsync((context, index) =>
            index < 6 ? Responses.ErrorAsync(context, 429, "rate limited") : Responses.StreamAsync(context, "ok"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxAttempts", "1")));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("ok", answer.Text);
        Assert.Equal(7, server.Count);
    }

    [Fact]
    public async Task JudgeAsync_5xxThenSuccess_Retries()
    {
        await using var server = await LoopbackServer.StartAsync((context, index) =>
            index < 2 ? Responses.ErrorAsync(context, 503 - index, "overloaded") : Responses.StreamAsync(context, "ok"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("ok", answer.Text);
        Assert.Equal(3, server.Count);
    }

    [Fact]
    public async Task JudgeAsync_5xxEveryTime_StopsAfterThreeAttemptsWithRetryableFailure()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.ErrorAsync(context, 500, "chute is cold"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal(3, server.Count);
        Assert.True(failure.Retryable);
        Assert.Equal("chutes", failure.Provider);
        Assert.Equal("chutes answered HTTP 500: chute is cold.", failure.Reason);
    }

    [Fact]
    public async Task JudgeAsync_400_FailsAtOnceWithProviderMessage()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.ErrorAsync(context, 400, "model judge/a does not exist"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal(1, server.Count);
        Assert.False(failure.Retryable);
        Assert.Equal("chutes answered HTTP 400: model judge/a does not exist.", failure.Reason);
    }

    [Fact]
    public async Task JudgeAsync_FastApiDetailBody_UsesDetailAsMessage()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.JsonAsync(context, 404, "{\"detail\":\"No matching chute found!\"}"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal("chutes answered HTTP 404: No matching chute found!", failure.Reason);
    }

    [Fact]
    public async Task JudgeAsync_ConnectionDroppedThenSuccess_RetriesNetworkError()
    {
        await using var server = await LoopbackServer.StartAsync((context, index) =>
        {
            if (index == 0)
            {
                context.Abort();
                return Task.CompletedTask;
            }

            return Responses.StreamAsync(context, "ok");
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("ok", answer.Text);
        Assert.Equal(2, server.Count);
    }

    [Fact]
    public async Task JudgeAsync_NothingListening_ReturnsRetryableNetworkFailure()
    {
        string baseUrl;
        await using (var server = await LoopbackServer.StartAsync((context, _) => Task.CompletedTask))
        {
            baseUrl = server.BaseUrl;
        }

        using var harness = Harness.Create(Harness.Settings(baseUrl));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.True(failure.Retryable);
        Assert.StartsWith("Network error talking to chutes", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JudgeAsync_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Task.Delay(Timeout.Infinite, context.RequestAborted));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));
        using var cancel = new CancellationTokenSource();

        var call = harness.Judge().JudgeAsync(Calls.Request(), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }
}
