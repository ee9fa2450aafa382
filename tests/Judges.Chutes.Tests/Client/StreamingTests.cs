using System.Text.Json;
using Snapshooter.Xunit;
using Tournament.Judges.Chutes.Tests.Infrastructure;

namespace Tournament.Judges.Chutes.Tests.Client;

public sealed class StreamingTests
{
    [Fact]
    public async Task JudgeAsync_StreamWithReasoningContentAndUsage_JoinsReasoningThenContent()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.SseAsync(context,
        [
            Responses.ReasoningChunk("Model 1 runs the tests; "),
            Responses.ReasoningChunk("model 2 does not."),
            Responses.ContentChunk("{\"correctness\":"),
            Responses.ContentChunk("1}"),
            Responses.FinishChunk(),
            Responses.UsageChunk(120, 34),
            "[DONE]",
        ]));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("Model 1 runs the tests; model 2 does not.\n{\"correctness\":1}", answer.Text);
        Assert.Equal(new Tournament.Abstractions.JudgeUsage(120, 34), answer.Usage);
        Assert.Equal("chutes", answer.Provider);
        Assert.Equal("judge/a", answer.Model);
        Assert.Equal("/v1/chat/completions", server.Requests.Single().Path);
    }

    [Fact]
    public async Task JudgeAsync_ReasoningFieldVariantAndContentOnlyMode_KeepsContentOnly()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.SseAsync(context,
            [Responses.ReasoningChunk("thinking", "reasoning"), Responses.ContentChunk("verdict"), Responses.FinishChunk(), "[DONE]"]));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("Text", "ContentOnly")));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("verdict", answer.Text);
        Assert.Null(answer.Usage);
    }

    [Fact]
    public async Task JudgeAsync_ReasoningFieldVariant_IsPartOfText()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.SseAsync(context,
            [Responses.ReasoningChunk("thinking", "reasoning"), Responses.ContentChunk("verdict"), Responses.FinishChunk(), "[DONE]"]));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("thinking\nverdict", answer.Text);
    }

    [Fact]
    public async Task JudgeAsync_NonStreamingMode_ReadsMessageAndUsage()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            Responses.JsonAsync(context, 200, Responses.Completion("{\"protocol\":2}", reasoning: "short", prompt: 50, completion: 9)));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl, ("Stream", "false")));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("short\n{\"protocol\":2}", answer.Text);
        Assert.Equal(new Tournament.Abstractions.JudgeUsage(50, 9), answer.Usage);
        using var body = JsonDocument.Parse(server.Requests.Single().Body);
        Assert.False(body.RootElement.GetProperty("stream").GetBoolean());
        Assert.False(body.RootElement.TryGetProperty("stream_options", out _));
    }

    [Fact]
    public async Task JudgeAsync_StreamingJsonRequest_SendsTheOpenAiBody()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.StreamAsync(context, "ok"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        (await harness.Judge().JudgeAsync(Calls.Request("Compare MODEL 1 and MODEL 2.", json: true), CancellationToken.None)).Answer();

        var request = server.Requests.Single();
        Assert.Equal("text/event-stream", request.Headers["Accept"]);
        Snapshot.Match(JsonDocument.Parse(request.Body).RootElement.ToString());
    }

    [Theory]
    [InlineData("/v1")]
    [InlineData("/v1/")]
    [InlineData("")]
    public async Task JudgeAsync_BaseWithOrWithoutV1_PostsToSingleV1Path(string suffix)
    {
        await using var server = await LoopbackServer.StartAsync((context, _) => Responses.StreamAsync(context, "ok"));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl + suffix));

        (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("/v1/chat/completions", server.Requests.Single().Path);
    }

    [Fact]
    public async Task JudgeAsync_StreamWithoutDoneAfterFinishReason_IsAccepted()
    {
        await using var server = await LoopbackServer.StartAsync((context, _) =>
            Responses.SseAsync(context, [Responses.ContentChunk("fine"), Responses.FinishChunk()]));
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("fine", answer.Text);
    }

    [Fact]
    public async Task JudgeAsync_KeepAliveCommentsAndCrLf_AreIgnored()
    {
        await using var server = await LoopbackServer.StartAsync(async (context, _) =>
        {
            context.Response.ContentType = "text/event-stream; charset=utf-8";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(context.Response,
                ": keep-alive\r\n\r\nevent: message\r\ndata: " + Responses.ContentChunk("a") + "\r\n\r\ndata:" + Responses.ContentChunk("b") + "\r\n\r\ndata: [DONE]\r\n\r\n");
        });
        using var harness = Harness.Create(Harness.Settings(server.BaseUrl));

        var answer = (await harness.Judge().JudgeAsync(Calls.Request(), CancellationToken.None)).Answer();

        Assert.Equal("ab", answer.Text);
    }
}
