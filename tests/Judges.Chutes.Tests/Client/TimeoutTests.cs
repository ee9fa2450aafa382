using Microsoft.AspNetCore.Http;
using Tournament.Judges.Chutes.Tests.Infrastructure;

namespace Tournament.Judges.Chutes.Tests.Client;

public sealed class TimeoutTests
{
    [Fact]
    public async Task JudgeAsync_HeadersButNoFirstChunk_FailsWithFirstChunkTimeout()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxAttempts", "2"), ("FirstChunkTimeout", "00:00:00.300")));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal("chutes sent no first chunk within 0.3 s.", failure.Reason);
        Assert.True(failure.Retryable);
        Assert.Contains(harness.Logs.Lines, line => line.Contains("failed: chutes sent no first chunk within 0.3 s. Retry 1 in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JudgeAsync_OnlyKeepAliveComments_FailsWithFirstChunkTimeout()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            while (true)
            {
                await context.Response.WriteAsync(": ping\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(20, context.RequestAborted);
            }
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxAttempts", "1"), ("FirstChunkTimeout", "00:00:00.300")));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal("chutes sent no first chunk within 0.3 s.", failure.Reason);
    }

    [Fact]
    public async Task JudgeAsync_EndlessStream_FailsWithAttemptTimeout()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            while (true)
            {
                await context.Response.WriteAsync($"data: {Responses.ContentChunk("la ")}\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(10, context.RequestAborted);
            }
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxAttempts", "1"), ("AttemptTimeout", "00:00:00.500")));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal("chutes did not finish the answer within 0.5 s.", failure.Reason);
    }

    [Fact]
    public async Task JudgeAsync_EndlessFastStream_FailsAtResponseSizeLimit()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            var chunk = $"data: {Responses.ContentChunk(new string('x', 1000))}\n\n";
            while (true)
            {
                await context.Response.WriteAsync(chunk, context.RequestAborted);
            }
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxAttempts", "1"), ("MaxResponseBytes", "65536")));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal("chutes sent more than 65536 bytes (MaxResponseBytes); the answer was abandoned.", failure.Reason);
    }

    [Fact]
    public async Task JudgeAsync_NonStreamingBodyThatNeverEnds_FailsWithAttemptTimeout()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"choices\":[", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("Stream", "false"), ("MaxAttempts", "1"), ("AttemptTimeout", "00:00:00.300")));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal("chutes did not finish the answer within 0.3 s.", failure.Reason);
    }

    [Fact]
    public async Task JudgeAsync_ThrottledForever_GivesUpAtTheOverallDeadline()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.ErrorAsync(context, 429, "busy"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("Deadline", "00:00:01"), ("MaxDelay", "00:00:00.020"), ("MaxAttempts", "1")));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.True(failure.Retryable);
        Assert.Equal("chutes gave no answer for judge/a within the deadline of 1 s (throttling waits and retries included).", failure.Reason);
        Assert.True(server.Count >= 2, $"throttling must keep retrying past MaxAttempts = 1; saw {server.Count} requests");
    }
}
