using Microsoft.AspNetCore.Http;
using Tournament.Judges.Chutes.Tests.Infrastructure;

namespace Tournament.Judges.Chutes.Tests.Client;

public sealed class MalformedResponseTests
{
    private const string Truncated = "chutes ended the stream before it was complete (no [DONE]); the answer is truncated.";

    public static TheoryData<string, string, string> StreamCases => new()
    {
        { "truncated", $"data: {Responses.ContentChunk("half an ans")}\n\n", Truncated },
        { "cut mid-line", $"data: {Responses.ContentChunk("a")}\n\ndata: {{\"choices\":[{{\"delta\":{{\"content\":\"b", Truncated },
        { "invalid json", "data: {not json at all}\n\ndata: [DONE]\n\n", "chutes sent invalid JSON." },
        { "json array", "data: [1,2,3]\n\ndata: [DONE]\n\n", "chutes sent JSON that is not an object." },
        { "choices not an array", "data: {\"choices\":\"yes\"}\n\ndata: [DONE]\n\n", "chutes sent 'choices' that is not an array." },
        { "no choices", $"data: {Responses.UsageChunk(1, 1)}\n\ndata: [DONE]\n\n", "chutes returned no choices." },
        { "empty answer", $"data: {Responses.FinishChunk()}\n\ndata: [DONE]\n\n", "chutes returned an empty answer (finish reason: stop)." },
        { "error event", "event: error\ndata: {\"error\":{\"message\":\"upstream died\",\"code\":502}}\n\n", "chutes returned an error inside a successful response: upstream died." },
        { "empty body", "", Truncated },
        { "bare json error", "{\"error\":{\"message\":\"gateway timeout\",\"code\":504}}\n", "chutes returned an error inside a successful response: gateway timeout." },
        { "html in stream", "<html><body>502 Bad Gateway</body></html>\n", "chutes sent an HTML page instead of an event stream." },
    };

    [Theory]
    [MemberData(nameof(StreamCases))]
    public async Task JudgeAsync_MalformedStream_ReturnsRetryableFailureAfterBoundedAttempts(string name, string raw, string expected)
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync(raw, context.RequestAborted);
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.True(failure.Retryable, name);
        Assert.Equal(3, server.Count);
        Assert.Equal(expected, failure.Reason);
    }

    [Theory]
    [InlineData(200, "text/html", "<!DOCTYPE html><html><body>Cloudflare: origin unreachable</body></html>", "chutes answered HTTP 200 with an HTML page instead of a completion.")]
    [InlineData(502, "text/html", "<html><body>Bad gateway</body></html>", "chutes answered HTTP 502: an HTML page instead of JSON (a proxy or gateway error).")]
    [InlineData(200, "application/json", "{\"error\":{\"message\":\"engine overloaded\",\"code\":503}}", "chutes returned an error inside a successful response: engine overloaded.")]
    [InlineData(200, "application/json", "{\"id\":\"x\",\"choices\":[]}", "chutes returned no choices.")]
    [InlineData(200, "application/json", "{\"choices\":[{\"message\":{\"content\":", "chutes sent invalid JSON.")]
    [InlineData(200, "application/json", "", "chutes answered HTTP 200 with an empty body.")]
    [InlineData(200, "text/plain", "OK", "chutes sent invalid JSON.")]
    public async Task JudgeAsync_BadNonStreamingBody_ReturnsClearRetryableFailure(int status, string contentType, string body, string expected)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.JsonAsync(context, status, body, contentType));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.Equal(expected, failure.Reason);
        Assert.True(failure.Retryable);
        Assert.Equal(3, server.Count);
    }

    [Fact]
    public async Task JudgeAsync_200WithClientErrorBody_FailsAtOnce()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            Responses.JsonAsync(context, 200, "{\"error\":{\"message\":\"context length exceeded\",\"code\":400}}"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var failure = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();

        Assert.False(failure.Retryable);
        Assert.Equal(1, server.Count);
        Assert.Equal("chutes returned an error inside a successful response: context length exceeded.", failure.Reason);
    }

    [Fact]
    public async Task JudgeAsync_RandomGarbageStreams_AlwaysEndInAnswerOrFailure()
    {
        var random = new Random(20261123);
        var bodies = Enumerable.Range(0, 40).Select(_ =>
        {
            var bytes = new byte[random.Next(0, 4096)];
            random.NextBytes(bytes);
            var prefix = random.Next(3) == 0 ? "data: " : "";
            return (prefix, bytes);
        }).ToArray();
        await using var server = await LoopbackServer.StartAsync(async (context, index) =>
        {
            context.Response.ContentType = "text/event-stream";
            var (prefix, bytes) = bodies[index % bodies.Length];
            await context.Response.WriteAsync(prefix, context.RequestAborted);
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("MaxAttempts", "1")));
        var judge = harness.Judge();

        for (var i = 0; i < bodies.Length; i++)
        {
            var failure = (await judge.JudgeAsync(Calls.Request(), CancellationToken.None)).Failure();
            Assert.False(string.IsNullOrWhiteSpace(failure.Reason));
        }
    }
}
